#include "sim/flight_metrics.h"

#include <algorithm>
#include <cmath>

#include "core/rotation.h"
#include "sim/avionics.h"

namespace kestrel {
namespace {

double rms(double sum_sq_dt, double t) { return t > 0 ? std::sqrt(sum_sq_dt / t) : 0.0; }

// Modes whose straight legs and circles count (the take-off and landing paths do not).
bool navigating(const AutopilotStatus& st) {
  switch (st.mode) {
    case FlightMode::kAuto:
    case FlightMode::kRtl:
    case FlightMode::kGuided:
    case FlightMode::kCruise:
    case FlightMode::kLoiter:
      return st.phase == FlightPhase::kNone;
    default:
      return false;
  }
}

}  // namespace

FlightMetrics::FlightMetrics(const SiteParams& site, double land_aim_m)
    : frame_(LocalFrame::at(autopilot_site(site))),
      aim_m_(land_aim_m),
      length_m_(site.runway_length_m),
      half_width_m_(0.5 * site.runway_width_m),
      elevation_m_(site.elevation_m) {
  thr_ = frame_.ne(site.runway_threshold.lat_rad, site.runway_threshold.lon_rad);
  u_ = Eigen::Vector2d(std::cos(site.runway_heading_rad), std::sin(site.runway_heading_rad));
}

bool FlightMetrics::on_runway(const Geodetic& p) const {
  const Eigen::Vector2d d = frame_.ne(p.lat_rad, p.lon_rad) - thr_;
  const double along = d.dot(u_), cross = d.x() * -u_.y() + d.y() * u_.x();
  return along >= 0 && along <= length_m_ && std::abs(cross) <= half_width_m_;
}

void FlightMetrics::add(const VehicleTelemetry& tel, const AutopilotStatus& st,
                        const AutopilotParams& ap, double dt_s, bool has_flown) {
  const Eigen::Vector2d p = frame_.ne(tel.position.lat_rad, tel.position.lon_rad);
  if (tel.gear.structure_contact) structure_strike_ = true;

  if (st.phase == FlightPhase::kFinal) {
    const Eigen::Vector2d d = p - thr_;
    const double to_gp = (ap.land_aim_m - ap.land_gp_offset_m) - d.dot(u_);
    if (to_gp > 100 && to_gp < 1500) {
      const double dh = tel.position.height_ellipsoid_m - elevation_m_ - to_gp * std::tan(ap.land_slope_rad);
      const double cl = d.x() * -u_.y() + d.y() * u_.x();
      const double dv = tel.tas_mps - st.tecs.tas_demand_mps;
      gp2_ += dh * dh * dt_s;
      cl2_ += cl * cl * dt_s;
      as2_ += dv * dv * dt_s;
      final_s_ += dt_s;
    }
  }

  // Tracking: true position against the path the autopilot is flying, once it has captured it.
  if (navigating(st) && st.path_captured) {
    if (st.path == AutopilotStatus::Path::kStraight) {
      const Eigen::Vector2d d = st.path_b - st.path_a;
      const double len = d.norm();
      if (len > 1) {
        const Eigen::Vector2d t = d / len;
        const double xt = (p - st.path_a).x() * -t.y() + (p - st.path_a).y() * t.x();
        xt2_ += xt * xt * dt_s;
        xt_max_ = std::max(xt_max_, std::abs(xt));
        straight_s_ += dt_s;
        if (st.tecs_active) {
          // Airspeed against the air mass (steady wind and gusts), not its Dryden turbulence:
          // an aircraft cannot follow gusts of seconds with its speed, nor should it.
          const double tas_air_mass = (tel.vel_ned_mps - tel.wind_ned_mps).norm();
          const double dv = tas_air_mass - st.tecs.tas_demand_mps;
          spd2_ += dv * dv * dt_s;
          // Height: level flight at the commanded height, once the aircraft has reached it
          // (within 10 m; a new commanded height starts a new capture).
          if (std::abs(st.height_demand_m - level_target_m_) > 1.0) {
            level_target_m_ = st.height_demand_m;
            level_captured_ = false;
          }
          if (std::abs(tel.position.height_ellipsoid_m - level_target_m_) < 10.0)
            level_captured_ = true;
          if (level_captured_) {
            const double dh = tel.position.height_ellipsoid_m - st.height_demand_m;
            alt2_ += dh * dh * dt_s;
            level_s_ += dt_s;
          }
        }
      }
    } else if (st.path == AutopilotStatus::Path::kCircle) {
      const double e = (p - st.path_a).norm() - st.path_radius_m;
      rad2_ += e * e * dt_s;
      rad_max_ = std::max(rad_max_, std::abs(e));
      circle_s_ += dt_s;
    }
  }

  // Touchdown: the first wheel contact after the flight; then watch for a bounce.
  // (Only in the landing phases: a wheel that touches again as the aircraft lifts off is not a
  // landing.)
  if (st.phase == FlightPhase::kFinal || st.phase == FlightPhase::kFlare ||
      st.phase == FlightPhase::kRollout || st.phase == FlightPhase::kLanded)
    landing_ = true;
  if (has_flown && landing_ && !touched_ && tel.gear.wheels_on_ground > 0) {
    touched_ = true;
    td_.present = true;
    td_.time_s = tel.time_s;
    const Eigen::Vector2d d = p - thr_;
    td_.along_m = d.dot(u_) - aim_m_;
    td_.cross_m = d.x() * -u_.y() + d.y() * u_.x();
    td_.sink_mps = tel.vel_ned_mps.z();
    td_height_m_ = tel.position.height_ellipsoid_m;
    td_.airspeed_mps = tel.tas_mps;
    td_.heading_err_deg =
        rad_to_deg(wrap_pi(tel.euler.yaw_rad - std::atan2(u_.y(), u_.x())));
  } else if (touched_) {
    if (tel.gear.wheels_on_ground == 0) {
      off_ground_s_ += dt_s;
      const double rise = tel.position.height_ellipsoid_m - td_height_m_;
      td_.skip_s = std::max(td_.skip_s, off_ground_s_);
      td_.skip_height_m = std::max(td_.skip_height_m, rise);
      if (off_ground_s_ > 0.5 && rise > 0.25) td_.bounced = true;
    } else {
      off_ground_s_ = 0;
    }
  }
}

ApproachSummary FlightMetrics::approach() const {
  ApproachSummary a;
  a.present = final_s_ > 0;
  a.glidepath_err_rms_m = rms(gp2_, final_s_);
  a.centreline_err_rms_m = rms(cl2_, final_s_);
  a.airspeed_err_rms_mps = rms(as2_, final_s_);
  a.time_s = final_s_;
  return a;
}

TrackingSummary FlightMetrics::tracking() const {
  TrackingSummary s;
  s.present = straight_s_ > 0 || circle_s_ > 0;
  s.xtrack_rms_m = rms(xt2_, straight_s_);
  s.xtrack_max_m = xt_max_;
  s.alt_err_rms_m = rms(alt2_, level_s_);
  s.airspeed_err_rms_mps = rms(spd2_, straight_s_);
  s.loiter_radius_err_rms_m = rms(rad2_, circle_s_);
  s.loiter_radius_err_max_m = rad_max_;
  s.straight_s = straight_s_;
  s.level_s = level_s_;
  s.circle_s = circle_s_;
  return s;
}

}  // namespace kestrel
