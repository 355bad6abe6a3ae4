// Test helpers for the autopilot on synthetic estimates (mission_engine_test.cc,
// autopilot_failsafe_test.cc): the test site, a plan builder in the local frame, and a kinematic
// aircraft that follows the autopilot's demands. Free of the simulator, as src/fsw must be.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/rotation.h"
#include "core/types.h"
#include "fsw/autopilot.h"

namespace kestrel::autopilot_test {

namespace cmd = mission::mav_cmd;
using mission::MavFrame;
using mission::MissionItem;
using mission::Plan;

inline constexpr double kG = 9.80665;
inline constexpr double kHomeAmslM = 50;

// Kestrel Field (the built-in scenarios' site): runway 27, threshold east of home.
inline AutopilotSite test_site() {
  AutopilotSite s;
  s.home_lat_rad = 52.452 * kRadPerDeg;
  s.home_lon_rad = 9.599 * kRadPerDeg;
  s.home_height_m = kHomeAmslM;
  s.home_alt_amsl_m = kHomeAmslM;
  s.threshold_lat_rad = 52.451 * kRadPerDeg;
  s.threshold_lon_rad = 9.600 * kRadPerDeg;
  s.runway_heading_rad = 270 * kRadPerDeg;
  s.runway_length_m = 1000;
  s.runway_width_m = 23;
  return s;
}

// Builds a plan in the local frame: positions north/east of home [m], altitudes above home
// (frame 3) unless told.
class PlanBuilder {
 public:
  PlanBuilder() : frame_(LocalFrame::at(test_site())) {
    plan_.planned_home = {52.452, 9.599, kHomeAmslM};
  }
  PlanBuilder& nav(uint16_t command, double north_m, double east_m, double alt_m, double p1 = 0,
                   double p2 = 0, double p3 = 0, double p4 = 0,
                   MavFrame frame = MavFrame::kGlobalRelativeAlt) {
    MissionItem it = base(command, p1, p2, p3, p4);
    const Eigen::Vector2d ll = frame_.lat_lon({north_m, east_m});
    it.frame = frame;
    it.x = ll.x() * kDegPerRad;
    it.y = ll.y() * kDegPerRad;
    it.z = alt_m;
    plan_.items.push_back(it);
    return *this;
  }
  PlanBuilder& waypoint(double north_m, double east_m, double alt_m, double acceptance_m = 0) {
    return nav(cmd::kNavWaypoint, north_m, east_m, alt_m, 0, acceptance_m);
  }
  PlanBuilder& command(uint16_t command, double p1 = 0, double p2 = 0, double p3 = 0,
                       double p4 = 0) {
    MissionItem it = base(command, p1, p2, p3, p4);
    it.frame = MavFrame::kMission;
    plan_.items.push_back(it);
    return *this;
  }
  Plan& plan() { return plan_; }
  MissionItem& back() { return plan_.items.back(); }

 private:
  MissionItem base(uint16_t command, double p1, double p2, double p3, double p4) {
    MissionItem it;
    it.seq = static_cast<int>(plan_.items.size()) + 1;
    it.command = command;
    it.param1 = p1;
    it.param2 = p2;
    it.param3 = p3;
    it.param4 = p4;
    return it;
  }
  LocalFrame frame_;
  Plan plan_;
};

// A kinematic aircraft flown by the autopilot: the bank follows the autopilot's (slewed) bank
// demand, the course turns at g tan(bank) / V, the true airspeed follows TECS's demand (3 s) and
// the height TECS's shaped height demand (1.5 s), in still air; the estimate is the truth.
class Kinematic {
 public:
  Kinematic(Autopilot& ap, const Eigen::Vector2d& ne, double height_above_home_m, double course_rad,
            double tas_mps)
      : ap_(ap),
        frame_(LocalFrame::at(test_site())),
        ne_(ne),
        h_(kHomeAmslM + height_above_home_m),
        chi_(course_rad),
        v_(tas_mps) {}

  void step() {
    NavState nav;
    nav.status = kNavAligned | kNavPositionValid | kNavWindEstimated |
                 (gnss ? kNavGnssFusing : kNavDeadReckoning);
    const Eigen::Vector2d ll = frame_.lat_lon(ne_);
    nav.lat_rad = ll.x();
    nav.lon_rad = ll.y();
    nav.height_ellipsoid_m = h_;
    nav.alt_amsl_baro_m = h_;
    nav.vel_ned_mps = Vec3(v_ * std::cos(chi_), v_ * std::sin(chi_), -climb_);
    nav.q_ned_from_b = q_ned_from_b_from_euler({phi_, std::atan2(climb_, v_), chi_});
    nav.omega_b_rad_s = Vec3(0, 0, kG * std::tan(phi_) / v_);
    nav.accel_b_mps2 = Vec3(0, 0, -kG);
    nav.tas_mps = v_;
    AutopilotInput in;
    in.nav = &nav;
    in.engine.rpm = rpm;
    in.engine.fuel_kg = fuel_kg;
    in.time_s = t_;
    in.uplink_age_s = link ? 0.0 : t_ - link_lost_at_;
    if (link) link_lost_at_ = t_;
    fuel_kg = std::max(0.0, fuel_kg - fuel_flow_kg_h * kDt / 3600.0);
    (void)ap_.step(in, kDt);
    const AutopilotStatus& st = ap_.status();
    phi_ = st.roll_demand_rad;
    chi_ = wrap_pi(chi_ + kG * std::tan(phi_) / v_ * kDt);
    if (st.tecs_active) {
      v_ += (st.tecs.tas_demand_mps - v_) * kDt / 3.0;
      climb_ = std::clamp((st.tecs.height_demand_m - h_) / 1.5, -8.0, 8.0);
    }
    ne_ += v_ * Eigen::Vector2d(std::cos(chi_), std::sin(chi_)) * kDt;
    h_ += climb_ * kDt;
    t_ += kDt;
  }
  // Steps until `done` holds (true) or `max_s` more seconds have passed (false).
  bool run_until(const std::function<bool()>& done, double max_s) {
    const double end = t_ + max_s;
    while (t_ < end) {
      step();
      if (done()) return true;
    }
    return false;
  }
  void run_for(double s) {
    run_until([] { return false; }, s);
  }

  const Eigen::Vector2d& ne() const { return ne_; }
  double height_above_home_m() const { return h_ - kHomeAmslM; }
  double course_rad() const { return chi_; }
  double time_s() const { return t_; }
  Eigen::Vector2d vel() const { return v_ * Eigen::Vector2d(std::cos(chi_), std::sin(chi_)); }

  static constexpr double kDt = 0.02;
  // What the flight software's other inputs say: the ground station heard, GNSS fused, the
  // tachometer, the fuel gauge and how fast it falls.
  bool link = true, gnss = true;
  double rpm = 5500, fuel_kg = 50, fuel_flow_kg_h = 0;

 private:
  Autopilot& ap_;
  LocalFrame frame_;
  Eigen::Vector2d ne_;
  double h_, chi_, v_, phi_ = 0, climb_ = 0, t_ = 0, link_lost_at_ = 0;
};

}  // namespace kestrel::autopilot_test
