// The pre-flight plan check: the route walked item by item in the order the mission engine flies
// it (DO_JUMP loops expanded), with the fuel, the fence and the turns checked on the way.
#include "fsw/plan_check.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <limits>
#include <set>
#include <tuple>
#include <utility>

#include "core/types.h"
#include "fsw/autopilot.h"
#include "fsw/site.h"
#include "fsw/wind_triangle.h"

namespace kestrel {
namespace {

namespace cmd = mission::mav_cmd;
using Eigen::Vector2d;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kClimbSliceM = 50;        // altitude step of the climb integration [m]
constexpr double kMinClimbRateMps = 0.1;   // floor of the climb rate in the integration
constexpr int kCircleSteps = 360;          // steps of the loiter-circle time integral
constexpr double kHomeMismatchM = 100;     // planned home this far from the site's: warning
constexpr double kHomeAltMismatchM = 5;    // ... or this far above or below it
constexpr double kTouchdownMismatchM = 5;  // touchdown point this far off the ground: warning

// printf into a std::string (messages only).
std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

std::string item_label(int seq) { return "item " + std::to_string(seq); }

// ---- The performance tables --------------------------------------------------------------------

// Linear interpolation weights on an ascending grid, held beyond its ends:
// value = (1 - f) v[i0] + f v[i1].
struct Weights {
  std::size_t i0 = 0, i1 = 0;
  double f = 0;
};

Weights locate(const std::vector<double>& grid, double x) {
  const std::size_t n = grid.size();
  if (n == 1 || !(x > grid.front())) return {0, 0, 0};
  if (x >= grid.back()) return {n - 1, n - 1, 0};
  const std::size_t i1 =
      static_cast<std::size_t>(std::upper_bound(grid.begin(), grid.end(), x) - grid.begin());
  const std::size_t i0 = i1 - 1;
  return {i0, i1, (x - grid[i0]) / (grid[i1] - grid[i0])};
}

// (1 - f) a + f b without 0 x infinity: an infinite end with a positive weight gives infinity.
double mix(double a, double b, double f) {
  if (f == 0) return a;
  if (f == 1) return b;
  return (1 - f) * a + f * b;
}

template <typename F>
double over(const Weights& w, F&& value_at) {
  return mix(value_at(w.i0), w.i0 == w.i1 ? 0.0 : value_at(w.i1), w.i0 == w.i1 ? 0.0 : w.f);
}

class PerfModel {
 public:
  explicit PerfModel(const PlanPerformance& p) : p_(p) {}

  static double tas(double eas_mps, double alt_m) {
    return eas_mps / std::sqrt(isa_density_ratio(alt_m));
  }
  // Level-flight fuel flow [kg/s]; +infinity where level flight does not trim.
  double level_flow_kg_s(double mass_kg, double alt_m, double eas_mps) const {
    const Weights wa = locate(p_.altitudes_m, alt_m), ws = locate(p_.speeds_eas_mps, eas_mps);
    return over(mass_weights(mass_kg),
                [&](std::size_t m) {
                  const auto& t = p_.masses[m].level_fuel_flow_kg_h;
                  return over(wa, [&](std::size_t a) {
                    return over(ws, [&](std::size_t s) { return t[a][s]; });
                  });
                }) /
           3600.0;
  }
  struct Climb {
    double rate_mps, eas_mps, flow_kg_s;
  };
  Climb climb(double mass_kg, double alt_m) const {
    const Weights wm = mass_weights(mass_kg), wa = locate(p_.altitudes_m, alt_m);
    auto field = [&](const std::vector<double> PlanPerfAtMass::*v) {
      return over(wm, [&](std::size_t m) {
        return over(wa, [&](std::size_t a) { return (p_.masses[m].*v)[a]; });
      });
    };
    return {field(&PlanPerfAtMass::climb_rate_mps), field(&PlanPerfAtMass::climb_eas_mps),
            field(&PlanPerfAtMass::climb_fuel_flow_kg_h) / 3600.0};
  }
  double ceiling_m(double mass_kg) const {
    return over(mass_weights(mass_kg),
                [&](std::size_t m) { return p_.masses[m].service_ceiling_m; });
  }

 private:
  Weights mass_weights(double mass_kg) const {
    std::vector<double> grid;  // small (a few masses)
    grid.reserve(p_.masses.size());
    for (const PlanPerfAtMass& m : p_.masses) grid.push_back(m.mass_kg);
    return locate(grid, mass_kg);
  }
  const PlanPerformance& p_;
};

bool finite_positive(double v) { return std::isfinite(v) && v > 0; }

std::optional<std::string> validate_grid(const std::vector<double>& g, const char* name) {
  if (g.empty()) return std::string(name) + ": empty";
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (!std::isfinite(g[i])) return fmt("%s[%zu]: not a finite number", name, i);
    if (i > 0 && !(g[i] > g[i - 1])) return fmt("%s[%zu]: not above the one before", name, i);
  }
  return std::nullopt;
}

// ---- The route ---------------------------------------------------------------------------------

// What the walk knows about where the aircraft is and what it has left.
struct AircraftState {
  Vector2d pos_ne = Vector2d::Zero();  // [m] from home
  double height_m = 0;                 // above home [m]
  double fuel_kg = 0;
  double leg_eas_mps = 0;        // the airspeed of legs (cruise, or DO_CHANGE_SPEED's)
  std::string at = "the start";  // where it is, for messages ("item 4", "the runway threshold")
  int at_seq = 0;
  bool at_turn_point = false;  // at a waypoint or take-off point: the next leg turns here
};

// A straight leg still waiting for the turn at its end (the fly-by check needs both ends).
struct OpenLeg {
  int from_seq = 0, to_seq = 0;
  std::string from, to;
  double length_m = 0;
  Vector2d dir_ne = Vector2d::Zero();
  double lead_start_m = 0;  // the fly-by turn at its start uses this much of it
  double turn_start_deg = 0;
};

class Checker {
 public:
  Checker(const mission::Plan& plan, const PlanPerformance& perf, const PlanSite& site,
          const PlanCheckOptions& o, PlanCheckReport& r)
      : plan_(plan), perf_(perf), pm_(perf), site_(site), o_(o), r_(r) {
    AutopilotSite as;
    as.home_lat_rad = site.home_lat_deg * kRadPerDeg;
    as.home_lon_rad = site.home_lon_deg * kRadPerDeg;
    as.home_height_m = site.elevation_m;
    frame_ = LocalFrame::at(as);
    wind_speed_mps_ = o.wind_ne.norm();
  }

  void run();

 private:
  // ---- findings
  void add(PlanSeverity s, int seq, const std::string& check, const std::string& message) {
    if (!said_.insert({check, seq, message}).second) return;
    r_.findings.push_back({s, seq, check, message});
  }
  void error(int seq, const std::string& check, const std::string& m) {
    add(PlanSeverity::kError, seq, check, m);
  }
  void warning(int seq, const std::string& check, const std::string& m) {
    add(PlanSeverity::kWarning, seq, check, m);
  }
  // Once per (check, seq, key): a leg flown on every pass of a loop is reported once.
  bool first_time(const std::string& check, int seq, const std::string& key) {
    return once_.insert({check, seq, key}).second;
  }

  // ---- geometry
  Vector2d ne(double lat_deg, double lon_deg) const {
    return frame_.ne(lat_deg * kRadPerDeg, lon_deg * kRadPerDeg);
  }
  double alt_amsl(const mission::MissionItem& it) const {
    return mission::is_relative_alt_frame(it.frame) ? site_.elevation_m + it.z : it.z;
  }
  double mass_kg() const { return perf_.zero_fuel_mass_kg + std::max(0.0, st_.fuel_kg); }
  // Minimum turn radius at an airspeed (true) flown in the wind: the downwind side's ground speed.
  double turn_radius_m(double tas_mps) const {
    return kestrel::turn_radius_m(tas_mps + wind_speed_mps_, perf_.bank_max_rad);
  }

  // ---- the walk
  void setup_fence();
  void check_rally_points();
  void check_site();
  void walk();
  void check_items_statically();
  void finish_report();

  void burn(PlanItemReport& ir, double distance_m, double time_s, double fuel_kg);
  void stop_fuel(int seq);
  struct Climbed {
    double time_s = 0, distance_m = 0, fuel_kg = 0, height_m = 0;
  };
  // A climb from the present height towards target_m along course (none: in place), until the
  // target or until max_distance_m of ground is covered (the rest carries on to the next leg).
  Climbed climb(double target_m, const std::optional<Vector2d>& course, double max_distance_m);
  // A straight leg from here to `to_ne`, changing height to target_m (climbs may end short, see
  // climb()). `turn_point`: the route turns at its end (a waypoint).
  void fly_leg(const mission::MissionItem& it, const Vector2d& to_ne, double target_m,
               const std::string& to_label, bool turn_point);
  void close_open_leg(double lead_end_m, double turn_end_deg);
  void fly_loiter(const mission::MissionItem& it);
  // Time to fly once around a circle of radius_m at tas_mps in the wind [s]; +infinity when the
  // wind is too strong to hold it.
  double circle_time_s(double radius_m, double tas_mps) const;
  void check_leg_fence(int seq, const std::string& from, const std::string& to, const Vector2d& a,
                       const Vector2d& b);

  const mission::Plan& plan_;
  const PlanPerformance& perf_;
  PerfModel pm_;
  const PlanSite& site_;
  const PlanCheckOptions& o_;
  PlanCheckReport& r_;
  LocalFrame frame_;
  double wind_speed_mps_ = 0;
  std::optional<Geofence> fence_;  // horizontal shapes only (the band is checked per item)
  AircraftState st_;
  bool fuel_on_ = true;
  std::optional<OpenLeg> open_;
  std::vector<double> first_pass_mass_kg_;  // per item; < 0: never reached
  std::set<std::tuple<std::string, int, std::string>> said_, once_;
};

void Checker::run() {
  const int n = static_cast<int>(plan_.items.size());
  r_.items.resize(plan_.items.size());
  for (int i = 0; i < n; ++i) {
    const mission::MissionItem& it = plan_.items[static_cast<std::size_t>(i)];
    PlanItemReport& ir = r_.items[static_cast<std::size_t>(i)];
    ir.seq = i + 1;
    ir.command = it.command;
    const bool flown_position = it.command == cmd::kNavTakeoff || it.command == cmd::kNavWaypoint ||
                                it.command == cmd::kNavLoiterUnlim ||
                                it.command == cmd::kNavLoiterTurns ||
                                it.command == cmd::kNavLoiterTime ||
                                it.command == cmd::kNavLoiterToAlt || it.command == cmd::kNavLand;
    if (flown_position && std::isfinite(it.z)) ir.alt_amsl_m = alt_amsl(it);
  }
  r_.fuel_end_seq = 0;

  // 1. The plan as the flight software's upload check sees it; the rest needs a valid plan.
  for (const mission::ItemProblem& p : mission::validate_items(plan_))
    error(p.seq, "plan", p.message);
  if (const auto bad = validate_plan_performance(perf_))
    error(0, "performance", "the aircraft's performance figures: " + *bad);
  if (!(std::isfinite(o_.fuel_kg) && o_.fuel_kg >= 0) ||
      !(std::isfinite(o_.reserve_kg) && o_.reserve_kg >= 0) || !o_.wind_ne.allFinite())
    error(0, "options", "fuel, reserve and wind must be finite, fuel and reserve >= 0");
  if (!(std::isfinite(site_.home_lat_deg) && std::abs(site_.home_lat_deg) <= 90 &&
        std::isfinite(site_.home_lon_deg) && std::abs(site_.home_lon_deg) <= 180 &&
        std::isfinite(site_.elevation_m)))
    error(0, "site", "the site's home position and elevation must be finite and in range");
  if (r_.errors() > 0) {
    r_.fuel_complete = false;
    return;
  }
  r_.takeoff_mass_kg = perf_.zero_fuel_mass_kg + o_.fuel_kg;
  r_.service_ceiling_m = pm_.ceiling_m(r_.takeoff_mass_kg);

  check_site();
  setup_fence();
  check_rally_points();
  walk();
  check_items_statically();
  finish_report();
}

// ---- Site, fence, rally points -----------------------------------------------------------------

void Checker::check_site() {
  const mission::PlannedHome& h = plan_.planned_home;
  const double off_m = ne(h.lat_deg, h.lon_deg).norm();
  if (off_m > kHomeMismatchM) {
    warning(0, "site",
            fmt("the plan's planned home is %.0f m from the site's home%s%s: relative altitudes "
                "and RTL use the site's home (where the aircraft is armed)",
                off_m, site_.name.empty() ? "" : " at ", site_.name.c_str()));
  }
  if (std::abs(h.alt_amsl_m - site_.elevation_m) > kHomeAltMismatchM) {
    warning(0, "site",
            fmt("the plan's planned home altitude %.0f m AMSL differs from the site's elevation "
                "%.0f m: relative altitudes are taken above the site's elevation",
                h.alt_amsl_m, site_.elevation_m));
  }
  // The first flown item should be the take-off (a parked aircraft's AUTO starts with it).
  for (const mission::MissionItem& it : plan_.items) {
    if (!mission::command_has_location(it.command) && it.command != cmd::kNavReturnToLaunch)
      continue;
    if (it.command == cmd::kDoSetRoiLocation || it.command == cmd::kDoLandStart ||
        it.command == cmd::kDoSetHome)
      continue;
    if (it.command != cmd::kNavTakeoff) {
      warning(it.seq, "start",
              item_label(it.seq) +
                  ": the plan does not start with NAV_TAKEOFF: it can be started "
                  "only in the air; the check starts it on the ground at " +
                  (site_.runway ? std::string("the runway threshold") : std::string("home")) +
                  " and counts the climb on the first leg");
    }
    break;
  }
}

void Checker::setup_fence() {
  // The whole fence as the flight software will set it up: shapes, band and return point.
  const GeofenceSpec full = geofence_spec(plan_.geofence, frame_);
  GeofenceSpec spec = full;
  spec.return_point.reset();
  if (Result<Geofence> f = Geofence::create(full, o_.fence); !f.ok())
    error(0, "fence", "the geofence cannot be set up: " + f.error().message);
  // The horizontal shapes for the route (the altitude band is checked item by item).
  GeofenceParams horizontal = o_.fence;
  horizontal.alt_min_m = horizontal.alt_max_m = 0;
  if (Result<Geofence> f = Geofence::create(spec, horizontal); f.ok() && !f.value().empty())
    fence_ = std::move(f).value();
}

void Checker::check_rally_points() {
  for (std::size_t i = 0; i < plan_.rally_points.size(); ++i) {
    const mission::RallyPoint& rp = plan_.rally_points[i];
    const std::string label = fmt("rally point %zu (%.6f, %.6f)", i + 1, rp.lat_deg, rp.lon_deg);
    const Vector2d p = ne(rp.lat_deg, rp.lon_deg);
    if (fence_) {
      const GeofenceCheck c = fence_->check(p, 0);
      if (c.breached()) {
        error(0, "rally",
              fmt("%s is outside the geofence (%.0f m outside)", label.c_str(), -c.horizontal_m));
      } else if (!fence_->circle_inside(p, perf_.loiter_radius_m, 0, 0)) {
        warning(0, "rally",
                fmt("%s: the loiter circle around it (LOIT_RADIUS %.0f m) leaves the geofence",
                    label.c_str(), perf_.loiter_radius_m));
      }
    }
    if (o_.fence.alt_min_m > 0 && rp.alt_m < o_.fence.alt_min_m)
      error(0, "rally",
            fmt("%s: height %.0f m above home is below the fence floor %.0f m", label.c_str(),
                rp.alt_m, o_.fence.alt_min_m));
    if (o_.fence.alt_max_m > 0 && rp.alt_m > o_.fence.alt_max_m)
      error(0, "rally",
            fmt("%s: height %.0f m above home is above the fence ceiling %.0f m", label.c_str(),
                rp.alt_m, o_.fence.alt_max_m));
    if (rp.alt_m <= 0)
      error(0, "rally",
            fmt("%s: height %.0f m above home is not above the site's ground", label.c_str(),
                rp.alt_m));
  }
}

void Checker::check_leg_fence(int seq, const std::string& from, const std::string& to,
                              const Vector2d& a, const Vector2d& b) {
  if (!fence_) return;
  if (const std::optional<double> t = fence_->first_exit(a, b, 0, 0); t && *t == 0) {
    error(seq, "fence",
          fmt("%s: the leg from %s to %s starts outside the geofence", item_label(seq).c_str(),
              from.c_str(), to.c_str()));
  } else if (t) {
    error(seq, "fence",
          fmt("%s: the leg from %s to %s leaves the geofence %.0f m after %s (%.0f %% of the "
              "leg)",
              item_label(seq).c_str(), from.c_str(), to.c_str(), *t * (b - a).norm(), from.c_str(),
              *t * 100));
  } else if (o_.fence.margin_m > 0 && !fence_->segment_inside(a, b, 0, o_.fence.margin_m)) {
    warning(seq, "fence",
            fmt("%s: the leg from %s to %s comes within FENCE_MARGIN (%.0f m) of the geofence "
                "boundary: the fence failsafe may act",
                item_label(seq).c_str(), from.c_str(), to.c_str(), o_.fence.margin_m));
  }
}

// ---- Flying ------------------------------------------------------------------------------------

void Checker::burn(PlanItemReport& ir, double distance_m, double time_s, double fuel_kg) {
  if (!fuel_on_) return;
  ir.distance_m += distance_m;
  ir.time_s += time_s;
  ir.fuel_kg += fuel_kg;
  r_.distance_m += distance_m;
  r_.time_s += time_s;
  r_.fuel_used_kg += fuel_kg;
  st_.fuel_kg -= fuel_kg;
  ir.fuel_after_kg = st_.fuel_kg;
  r_.fuel_end_seq = ir.seq;
  if (!r_.reserve_seq && st_.fuel_kg < o_.reserve_kg) r_.reserve_seq = ir.seq;
  if (!r_.dry_seq && st_.fuel_kg < 0) r_.dry_seq = ir.seq;
}

void Checker::stop_fuel(int seq) {
  if (!fuel_on_) return;
  fuel_on_ = false;
  r_.fuel_end_seq = seq;
}

Checker::Climbed Checker::climb(double target_m, const std::optional<Vector2d>& course,
                                double max_distance_m) {
  Climbed c;
  c.height_m = st_.height_m;
  const double mass = mass_kg();
  while (c.height_m < target_m) {
    const double dh = std::min(kClimbSliceM, target_m - c.height_m);
    const double alt = site_.elevation_m + c.height_m + 0.5 * dh;
    const PerfModel::Climb k = pm_.climb(mass, alt);
    const double dt = dh / std::max(k.rate_mps, kMinClimbRateMps);
    double gs = 0;
    if (course) {
      const WindTriangle w =
          solve_wind_triangle(*course, PerfModel::tas(k.eas_mps, alt), o_.wind_ne);
      gs = w.feasible ? w.ground_speed_mps : 0;
    }
    double frac = 1;  // of this slice flown within the leg
    if (course && c.distance_m + gs * dt > max_distance_m)
      frac = gs > 0 ? std::max(0.0, (max_distance_m - c.distance_m) / (gs * dt)) : 1;
    c.time_s += frac * dt;
    c.distance_m += frac * gs * dt;
    c.fuel_kg += frac * dt * k.flow_kg_s;
    c.height_m += frac * dh;
    if (frac < 1) break;
  }
  return c;
}

void Checker::close_open_leg(double lead_end_m, double turn_end_deg) {
  if (!open_) return;
  const OpenLeg& l = *open_;
  if (l.lead_start_m + lead_end_m > l.length_m &&
      first_time("turn", l.to_seq, l.from + ">" + l.to)) {
    std::string turns;
    if (l.lead_start_m > 0)
      turns += fmt("%.0f deg at %s needs %.0f m", l.turn_start_deg, l.from.c_str(), l.lead_start_m);
    if (lead_end_m > 0) {
      if (!turns.empty()) turns += ", ";
      turns += fmt("%.0f deg at %s needs %.0f m", turn_end_deg, l.to.c_str(), lead_end_m);
    }
    warning(
        l.to_seq, "turn",
        fmt("%s: the leg from %s to %s (%.0f m) is shorter than the fly-by turns at its ends "
            "need at the bank limit (%s): the aircraft overshoots the track",
            item_label(l.to_seq).c_str(), l.from.c_str(), l.to.c_str(), l.length_m, turns.c_str()));
  }
  open_.reset();
}

void Checker::fly_leg(const mission::MissionItem& it, const Vector2d& to_ne, double target_m,
                      const std::string& to_label, bool turn_point) {
  PlanItemReport& ir = r_.items[static_cast<std::size_t>(it.seq - 1)];
  const Vector2d a = st_.pos_ne;
  const double d = (to_ne - a).norm();
  const std::optional<Vector2d> course =
      d > 1e-6 ? std::optional<Vector2d>((to_ne - a) / d) : std::nullopt;
  const std::string from = st_.at;
  const double h0 = st_.height_m;

  // Reach: the leg's airspeed against the wind, at the height it is flown at.
  const double level_h = target_m >= h0 ? target_m : 0.5 * (h0 + target_m);
  const double level_alt = site_.elevation_m + level_h;
  const double tas = PerfModel::tas(st_.leg_eas_mps, level_alt);
  double gs = tas;
  if (course) {
    const WindTriangle w = solve_wind_triangle(*course, tas, o_.wind_ne);
    if (!w.feasible) {
      error(it.seq, "reach",
            fmt("%s: on the leg from %s to %s the wind (headwind %.1f m/s, crosswind %.1f m/s) "
                "leaves no ground speed at the airspeed %.1f m/s true: no progress",
                item_label(it.seq).c_str(), from.c_str(), to_label.c_str(), w.headwind_mps,
                w.crosswind_mps, tas));
    } else {
      gs = w.ground_speed_mps;
    }
  }

  // The climb (or the rest of one carried over), then the level or descending part.
  Climbed c;
  c.height_m = h0;
  if (target_m > h0) c = climb(target_m, course, d);
  const double level_d = std::max(0.0, d - c.distance_m);
  double flow = pm_.level_flow_kg_s(mass_kg(), level_alt, st_.leg_eas_mps);
  if (!std::isfinite(flow)) {
    error(it.seq, "performance",
          fmt("%s: level flight at %.1f m/s EAS does not trim at %.0f m AMSL and %.0f kg",
              item_label(it.seq).c_str(), st_.leg_eas_mps, level_alt, mass_kg()));
    flow = pm_.climb(mass_kg(), level_alt).flow_kg_s;  // full throttle, to keep figures finite
  }
  const double level_t = level_d / gs;
  burn(ir, c.distance_m + level_d, c.time_s + level_t, c.fuel_kg + flow * level_t);
  check_leg_fence(it.seq, from, to_label, a, to_ne);

  // The fly-by turn at the leg's start (the previous leg's end), then this leg waits for its end.
  double lead_start = 0, turn_deg = 0;
  if (course && open_ && st_.at_turn_point) {
    const double cos_turn = std::clamp(open_->dir_ne.dot(*course), -1.0, 1.0);
    const double turn = std::acos(cos_turn);
    turn_deg = turn * kDegPerRad;
    const double corner_alt = site_.elevation_m + h0;
    const double radius = turn_radius_m(PerfModel::tas(st_.leg_eas_mps, corner_alt));
    lead_start = turn < kPi - 1e-9 ? radius * std::tan(0.5 * turn) : kInf;
    close_open_leg(lead_start, turn_deg);
  } else {
    close_open_leg(0, 0);
  }
  if (course) {
    OpenLeg l;
    l.from_seq = st_.at_seq;
    l.to_seq = it.seq;
    l.from = from;
    l.to = to_label;
    l.length_m = d;
    l.dir_ne = *course;
    l.lead_start_m = lead_start;
    l.turn_start_deg = turn_deg;
    open_ = l;
  }

  st_.pos_ne = to_ne;
  // A descent completes on the leg; a climb may carry on (the aircraft arrives low).
  st_.height_m = target_m > h0 ? c.height_m : target_m;
  st_.at = to_label;
  st_.at_seq = it.seq;
  st_.at_turn_point = turn_point;
}

double Checker::circle_time_s(double radius_m, double tas_mps) const {
  double t = 0;
  const double ds = 2 * kPi * radius_m / kCircleSteps;
  for (int k = 0; k < kCircleSteps; ++k) {
    const double chi = 2 * kPi * (k + 0.5) / kCircleSteps;
    const WindTriangle w =
        solve_wind_triangle(Vector2d(std::cos(chi), std::sin(chi)), tas_mps, o_.wind_ne);
    if (!w.feasible) return kInf;
    t += ds / w.ground_speed_mps;
  }
  return t;
}

void Checker::fly_loiter(const mission::MissionItem& it) {
  PlanItemReport& ir = r_.items[static_cast<std::size_t>(it.seq - 1)];
  const std::string label = item_label(it.seq);
  const double radius_param = it.command == cmd::kNavLoiterToAlt ? it.param2 : it.param3;
  const double radius = radius_param == 0 ? perf_.loiter_radius_m : std::abs(radius_param);
  const int dir = radius_param < 0 ? -1 : 1;  // + clockwise
  const Vector2d centre = ne(it.x, it.y);
  const double target_m = alt_amsl(it) - site_.elevation_m;

  // Fly to the circle: to its point nearest the aircraft, at the loiter's height (NAV_LOITER_TO_ALT
  // changes height on the circle instead).
  Vector2d u = st_.pos_ne - centre;
  u = u.norm() > 1e-6 ? Vector2d(u / u.norm()) : Vector2d(1, 0);
  const Vector2d entry = centre + radius * u;
  const bool to_alt = it.command == cmd::kNavLoiterToAlt;
  fly_leg(it, entry, to_alt ? st_.height_m : target_m, label + "'s circle", false);
  close_open_leg(0, 0);  // the circle is entered tangentially: no fly-by turn

  // The circle: turn radius, whether the wind lets it be held, the fence.
  const double h_hi = std::max(st_.height_m, target_m);
  const double alt = site_.elevation_m + h_hi;
  const double tas = PerfModel::tas(perf_.loiter_eas_mps, alt);
  const double r_min = turn_radius_m(tas);
  if (radius < r_min && first_time("turn", it.seq, "loiter")) {
    error(it.seq, "turn",
          fmt("%s: loiter radius %.0f m is below the minimum turn radius %.0f m (loiter airspeed "
              "%.1f m/s true at %.0f m AMSL%s, bank limit %.0f deg)",
              label.c_str(), radius, r_min, tas, alt,
              wind_speed_mps_ > 0 ? fmt(" plus %.1f m/s of wind", wind_speed_mps_).c_str() : "",
              perf_.bank_max_rad * kDegPerRad));
  }
  double t_circle = circle_time_s(radius, tas);
  if (!std::isfinite(t_circle)) {
    error(it.seq, "reach",
          fmt("%s: the wind %.1f m/s is at least the loiter airspeed %.1f m/s true: the circle "
              "cannot be held",
              label.c_str(), wind_speed_mps_, tas));
    t_circle = 2 * kPi * radius / tas;
  }
  if (fence_) {
    if (!fence_->circle_inside(centre, radius, 0, 0)) {
      error(
          it.seq, "fence",
          fmt("%s: the loiter circle (radius %.0f m) leaves the geofence", label.c_str(), radius));
    } else if (o_.fence.margin_m > 0 &&
               !fence_->circle_inside(centre, radius, 0, o_.fence.margin_m)) {
      warning(it.seq, "fence",
              fmt("%s: the loiter circle (radius %.0f m) comes within FENCE_MARGIN (%.0f m) of "
                  "the geofence boundary: the fence failsafe may act",
                  label.c_str(), radius, o_.fence.margin_m));
    }
  }

  // Time on the circle. A climb the leg did not finish (or NAV_LOITER_TO_ALT's) is flown on it.
  double time_s = 0, fuel_kg = 0;
  const double loiter_flow = [&] {
    double f = pm_.level_flow_kg_s(mass_kg(), alt, perf_.loiter_eas_mps);
    if (!std::isfinite(f)) {
      error(it.seq, "performance",
            fmt("%s: level flight at the loiter airspeed %.1f m/s EAS does not trim at %.0f m "
                "AMSL and %.0f kg",
                label.c_str(), perf_.loiter_eas_mps, alt, mass_kg()));
      f = pm_.climb(mass_kg(), alt).flow_kg_s;
    }
    return f;
  }();
  if (st_.height_m < target_m) {
    const Climbed c = climb(target_m, std::nullopt, 0);
    time_s += c.time_s;
    fuel_kg += c.fuel_kg;
  } else if (to_alt && st_.height_m > target_m) {
    const double t = (st_.height_m - target_m) / perf_.descent_rate_mps;
    time_s += t;
    fuel_kg += loiter_flow * t;
  }
  st_.height_m = target_m;
  double turns = time_s / t_circle;
  if (it.command == cmd::kNavLoiterTurns) {
    const double t = std::max(0.0, it.param1 - turns) * t_circle;
    time_s += t;
    fuel_kg += loiter_flow * t;
    turns = std::max(turns, it.param1);
  } else if (it.command == cmd::kNavLoiterTime) {
    const double t = std::max(0.0, it.param1 - time_s);
    time_s += t;
    fuel_kg += loiter_flow * t;
    turns = time_s / t_circle;
  }
  burn(ir, turns * 2 * kPi * radius, time_s, fuel_kg);

  if (it.command == cmd::kNavLoiterUnlim) {
    if (fuel_on_) {
      const double spare = st_.fuel_kg - o_.reserve_kg;
      warning(it.seq, "jump",
              fmt("%s: NAV_LOITER_UNLIM circles until the operator moves on: the fuel figures "
                  "cover the route to its circle only (%.1f kg above the reserve there: about "
                  "%.1f h of loiter, no return counted)",
                  label.c_str(), spare, std::max(0.0, spare) / (loiter_flow * 3600)));
    }
    stop_fuel(it.seq);
  }
  // Leave the circle where the turns end.
  const double a0 = std::atan2(u.y(), u.x());
  const double a1 = a0 + dir * 2 * kPi * turns;
  st_.pos_ne = centre + radius * Vector2d(std::cos(a1), std::sin(a1));
  st_.at = label + "'s circle";
  st_.at_seq = it.seq;
  st_.at_turn_point = false;
}

void Checker::walk() {
  const int n = static_cast<int>(plan_.items.size());
  first_pass_mass_kg_.assign(plan_.items.size(), -1);
  st_.fuel_kg = o_.fuel_kg;
  st_.leg_eas_mps = perf_.cruise_eas_mps;
  if (site_.runway) {
    st_.pos_ne = ne(site_.runway->threshold_lat_deg, site_.runway->threshold_lon_deg);
    st_.at = "the runway threshold";
  } else {
    st_.at = "home";
  }
  std::vector<int> jumps_done(plan_.items.size(), 0);
  long steps = 0;
  int i = 0;
  while (i < n) {
    if (++steps > o_.max_steps) {
      error(0, "jump",
            fmt("the DO_JUMP loops expand to more than %d items: the route cannot be checked",
                o_.max_steps));
      stop_fuel(0);
      break;
    }
    const mission::MissionItem& it = plan_.items[static_cast<std::size_t>(i)];
    PlanItemReport& ir = r_.items[static_cast<std::size_t>(i)];
    ++ir.passes;
    if (first_pass_mass_kg_[static_cast<std::size_t>(i)] < 0)
      first_pass_mass_kg_[static_cast<std::size_t>(i)] = mass_kg();
    const std::string label = item_label(it.seq);
    int next = i + 1;
    switch (it.command) {
      case cmd::kNavTakeoff: {
        // Lat/lon 0/0: climb out where it is (MAVLink's "no position" for a take-off).
        const Vector2d to = (it.x == 0 && it.y == 0) ? st_.pos_ne : ne(it.x, it.y);
        fly_leg(it, to, alt_amsl(it) - site_.elevation_m, label, true);
        break;
      }
      case cmd::kNavWaypoint:
        fly_leg(it, ne(it.x, it.y), alt_amsl(it) - site_.elevation_m, label, true);
        break;
      case cmd::kNavLoiterUnlim:
      case cmd::kNavLoiterTurns:
      case cmd::kNavLoiterTime:
      case cmd::kNavLoiterToAlt:
        fly_loiter(it);
        break;
      case cmd::kNavReturnToLaunch:
        fly_leg(it, Vector2d::Zero(), st_.height_m, "home", false);
        break;
      case cmd::kNavLand:
        fly_leg(it, ne(it.x, it.y), alt_amsl(it) - site_.elevation_m, label, false);
        close_open_leg(0, 0);
        next = n;  // on the ground: nothing after a landing is flown
        if (i + 1 < n)
          warning(it.seq, "end",
                  fmt("%s: items after the NAV_LAND (%d to %d) are not flown", label.c_str(),
                      it.seq + 1, n));
        break;
      case cmd::kDoJump: {
        const int target = static_cast<int>(it.param1);
        const int repeat = static_cast<int>(it.param2);
        if (repeat < 0) {
          if (fuel_on_)
            warning(it.seq, "jump",
                    fmt("%s: DO_JUMP to item %d repeats for ever: the fuel figures cover the "
                        "route to here (one pass of the loop); the items after it are checked "
                        "for their geometry only",
                        label.c_str(), target));
          stop_fuel(it.seq);
        } else if (jumps_done[static_cast<std::size_t>(i)] < repeat) {
          ++jumps_done[static_cast<std::size_t>(i)];
          next = target - 1;
        }
        break;
      }
      case cmd::kDoChangeSpeed: {
        const int type = static_cast<int>(it.param1);
        if (type == 0 && it.param2 >= 0) {
          const double v = std::clamp(it.param2, perf_.min_eas_mps, perf_.max_eas_mps);
          if (v != it.param2)
            warning(it.seq, "speed",
                    fmt("%s: DO_CHANGE_SPEED to %.1f m/s is outside the airspeed limits [%.1f, "
                        "%.1f] m/s: the legs after it are flown at %.1f m/s",
                        label.c_str(), it.param2, perf_.min_eas_mps, perf_.max_eas_mps, v));
          st_.leg_eas_mps = v;
        } else if (type == 0 && it.param2 == -2) {
          st_.leg_eas_mps = perf_.cruise_eas_mps;
        } else if (type != 0 && it.param2 != -1) {
          warning(it.seq, "speed",
                  fmt("%s: DO_CHANGE_SPEED of type %d (%s) is not modelled: the check flies the "
                      "legs at the airspeed in force",
                      label.c_str(), type,
                      type == 1   ? "ground speed"
                      : type == 2 ? "climb rate"
                                  : "descent rate"));
        }
        if (it.param3 >= 0)
          warning(it.seq, "speed",
                  label +
                      ": DO_CHANGE_SPEED's throttle setting is not modelled (the check flies "
                      "airspeeds)");
        break;
      }
      case cmd::kDoSetHome:
        warning(it.seq, "site",
                label +
                    ": DO_SET_HOME is not modelled: the check keeps the site's home for "
                    "relative altitudes and RTL");
        break;
      default:
        break;  // no effect on the route (conditions, camera, ROI, landing marker)
    }
    i = next;
  }
  close_open_leg(0, 0);

  // The end of the plan: a landing or a return home.
  int last_nav = 0;
  uint16_t last_cmd = 0;
  for (const mission::MissionItem& it : plan_.items) {
    const bool nav = it.command == cmd::kNavTakeoff || it.command == cmd::kNavWaypoint ||
                     it.command == cmd::kNavLoiterUnlim || it.command == cmd::kNavLoiterTurns ||
                     it.command == cmd::kNavLoiterTime || it.command == cmd::kNavLoiterToAlt ||
                     it.command == cmd::kNavLand || it.command == cmd::kNavReturnToLaunch;
    if (nav) {
      last_nav = it.seq;
      last_cmd = it.command;
    }
  }
  if (last_cmd != cmd::kNavLand && last_cmd != cmd::kNavReturnToLaunch) {
    warning(last_nav, "end",
            (last_nav > 0 ? item_label(last_nav) + ": " : std::string()) +
                "the plan does not end in NAV_LAND or NAV_RETURN_TO_LAUNCH: the aircraft "
                "circles at its last point until the operator acts; the fuel figures end there "
                "and include no return");
  }
}

// ---- Item by item: altitudes ------------------------------------------------------------------

void Checker::check_items_statically() {
  bool landing_sequence = false;
  for (std::size_t i = 0; i < plan_.items.size(); ++i) {
    const mission::MissionItem& it = plan_.items[i];
    const PlanItemReport& ir = r_.items[i];
    const std::string label = item_label(it.seq);
    if (it.command == cmd::kDoLandStart) landing_sequence = true;
    if (!ir.alt_amsl_m) continue;
    const double alt = *ir.alt_amsl_m;
    const double h = alt - site_.elevation_m;
    if (it.command == cmd::kNavLand) {
      if (std::abs(h) > kTouchdownMismatchM)
        warning(it.seq, "altitude",
                fmt("%s: the touchdown point is %.0f m %s the site's ground (elevation %.0f m)",
                    label.c_str(), std::abs(h), h > 0 ? "above" : "below", site_.elevation_m));
      if (site_.runway) {
        const double off =
            (ne(it.x, it.y) - ne(site_.runway->threshold_lat_deg, site_.runway->threshold_lon_deg))
                .norm();
        if (off > std::max(500.0, site_.runway->length_m))
          warning(it.seq, "site",
                  fmt("%s: the touchdown point is %.0f m from the runway threshold%s%s",
                      label.c_str(), off, site_.name.empty() ? "" : " of ", site_.name.c_str()));
      }
      continue;
    }
    if (h <= 0) {
      error(it.seq, "altitude",
            fmt("%s: altitude %.0f m AMSL is not above the site's ground (elevation %.0f m)",
                label.c_str(), alt, site_.elevation_m));
    }
    // The service ceiling at the mass the aircraft has when it first gets there (the take-off
    // mass for an item the route never reaches).
    const double mass = first_pass_mass_kg_.empty() || first_pass_mass_kg_[i] < 0
                            ? r_.takeoff_mass_kg
                            : first_pass_mass_kg_[i];
    const double ceiling = pm_.ceiling_m(mass);
    if (alt > ceiling) {
      error(it.seq, "ceiling",
            fmt("%s: altitude %.0f m AMSL is above the service ceiling %.0f m of %s at %.0f kg",
                label.c_str(), alt, ceiling, perf_.aircraft.c_str(), mass));
    }
    const bool takeoff_or_landing = it.command == cmd::kNavTakeoff || landing_sequence;
    if (o_.fence.alt_min_m > 0 && h < o_.fence.alt_min_m && !takeoff_or_landing) {
      error(it.seq, "altitude",
            fmt("%s: height %.0f m above home is below the fence floor FENCE_ALT_MIN %.0f m",
                label.c_str(), h, o_.fence.alt_min_m));
    }
    if (o_.fence.alt_max_m > 0 && h > o_.fence.alt_max_m) {
      error(it.seq, "altitude",
            fmt("%s: height %.0f m above home is above the fence ceiling FENCE_ALT_MAX %.0f m",
                label.c_str(), h, o_.fence.alt_max_m));
    }
  }
}

void Checker::finish_report() {
  r_.fuel_complete = fuel_on_;
  if (fuel_on_) r_.landing_fuel_kg = st_.fuel_kg;
  if (r_.reserve_seq) {
    const int s = *r_.reserve_seq;
    std::string m = fmt(
        "%s: the fuel falls below the %.1f kg reserve on the way to or at %s "
        "(%.1f kg on board at engine start, %.1f kg used %s)",
        item_label(s).c_str(), o_.reserve_kg, item_label(s).c_str(), o_.fuel_kg, r_.fuel_used_kg,
        fuel_on_ ? "to the end of the plan" : "to the end of the fuel figures");
    if (r_.dry_seq) m += "; the tanks run dry at " + item_label(*r_.dry_seq);
    if (r_.landing_fuel_kg) m += fmt("; predicted landing fuel %.1f kg", *r_.landing_fuel_kg);
    error(s, "fuel", m);
  }
}

}  // namespace

// ---- Public ------------------------------------------------------------------------------------

std::optional<std::string> validate_plan_performance(const PlanPerformance& p) {
  if (!finite_positive(p.cruise_eas_mps)) return std::string("cruise_eas_mps: must be > 0");
  if (!finite_positive(p.loiter_eas_mps)) return std::string("loiter_eas_mps: must be > 0");
  if (!finite_positive(p.min_eas_mps) || !finite_positive(p.max_eas_mps) ||
      p.min_eas_mps > p.max_eas_mps)
    return std::string("min_eas_mps, max_eas_mps: must be > 0, min <= max");
  if (!(std::isfinite(p.bank_max_rad) && p.bank_max_rad > 0 && p.bank_max_rad < kPi / 2))
    return std::string("bank_max_rad: must be within (0, pi/2)");
  if (!finite_positive(p.loiter_radius_m)) return std::string("loiter_radius_m: must be > 0");
  if (!finite_positive(p.descent_rate_mps)) return std::string("descent_rate_mps: must be > 0");
  if (!finite_positive(p.zero_fuel_mass_kg)) return std::string("zero_fuel_mass_kg: must be > 0");
  if (auto e = validate_grid(p.altitudes_m, "altitudes_m")) return e;
  if (auto e = validate_grid(p.speeds_eas_mps, "speeds_eas_mps")) return e;
  if (p.masses.empty()) return std::string("masses: empty");
  const std::size_t na = p.altitudes_m.size(), ns = p.speeds_eas_mps.size();
  for (std::size_t m = 0; m < p.masses.size(); ++m) {
    const PlanPerfAtMass& r = p.masses[m];
    const std::string at = fmt("masses[%zu].", m);
    if (!finite_positive(r.mass_kg) || (m > 0 && !(r.mass_kg > p.masses[m - 1].mass_kg)))
      return at + "mass_kg: must be > 0 and above the one before";
    if (!std::isfinite(r.service_ceiling_m)) return at + "service_ceiling_m: not finite";
    if (r.climb_rate_mps.size() != na || r.climb_eas_mps.size() != na ||
        r.climb_fuel_flow_kg_h.size() != na || r.level_fuel_flow_kg_h.size() != na)
      return at + "climb and level tables: one row per altitude";
    for (std::size_t a = 0; a < na; ++a) {
      if (!std::isfinite(r.climb_rate_mps[a]))
        return at + fmt("climb_rate_mps[%zu]: not finite", a);
      if (!finite_positive(r.climb_eas_mps[a]))
        return at + fmt("climb_eas_mps[%zu]: must be > 0", a);
      if (!(std::isfinite(r.climb_fuel_flow_kg_h[a]) && r.climb_fuel_flow_kg_h[a] >= 0))
        return at + fmt("climb_fuel_flow_kg_h[%zu]: must be finite and >= 0", a);
      if (r.level_fuel_flow_kg_h[a].size() != ns)
        return at + fmt("level_fuel_flow_kg_h[%zu]: one value per speed", a);
      for (std::size_t s = 0; s < ns; ++s) {
        const double f = r.level_fuel_flow_kg_h[a][s];
        if (std::isnan(f) || f < 0)
          return at + fmt("level_fuel_flow_kg_h[%zu][%zu]: must be >= 0 or +infinity", a, s);
      }
    }
  }
  return std::nullopt;
}

Eigen::Vector2d wind_ne_from(double speed_mps, double from_rad) {
  // Blowing from `from`: the air moves towards from + 180 deg.
  return -speed_mps * Eigen::Vector2d(std::cos(from_rad), std::sin(from_rad));
}

std::string_view to_string(PlanSeverity s) {
  return s == PlanSeverity::kError ? "error" : "warning";
}

int PlanCheckReport::errors() const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(), [](const PlanFinding& f) {
    return f.severity == PlanSeverity::kError;
  }));
}

int PlanCheckReport::warnings() const { return static_cast<int>(findings.size()) - errors(); }

GeofenceSpec geofence_spec(const mission::Geofence& g, const LocalFrame& frame) {
  auto ne = [&](double lat_deg, double lon_deg) {
    return frame.ne(lat_deg * kRadPerDeg, lon_deg * kRadPerDeg);
  };
  GeofenceSpec spec;
  for (const mission::FencePolygon& p : g.polygons) {
    FencePolygon fp;
    fp.inclusion = p.inclusion;
    for (const mission::LatLon& v : p.vertices) fp.vertices_ne.push_back(ne(v.lat_deg, v.lon_deg));
    spec.polygons.push_back(std::move(fp));
  }
  for (const mission::FenceCircle& c : g.circles)
    spec.circles.push_back({c.inclusion, ne(c.center.lat_deg, c.center.lon_deg), c.radius_m});
  if (g.breach_return)
    spec.return_point = FenceReturnPoint{ne(g.breach_return->lat_deg, g.breach_return->lon_deg),
                                         g.breach_return->alt_m};
  return spec;
}

PlanCheckReport check_plan(const mission::Plan& plan, const PlanPerformance& perf,
                           const PlanSite& site, const PlanCheckOptions& options) {
  PlanCheckReport r;
  Checker(plan, perf, site, options, r).run();
  return r;
}

}  // namespace kestrel
