// Engine-out reachability: which landing sites (home, rally points, other runways) the aircraft
// can glide to from here in the estimated wind, with what height to spare, and which is best.
// Pure functions of plain data, no allocation; the local NE frame of the autopilot (metres
// north/east of home), heights above home. docs/failsafes.md has the formulas and assumptions.
//
// Model. At the glide airspeed V (true) and lift-to-drag ratio L/D the flight path angle gamma
// has tan(gamma) = 1 / (L/D): the aircraft sinks at V sin(gamma) and moves through the air at
// V cos(gamma) horizontally. The wind triangle (wind_triangle.h) on the course to the site gives
// the ground speed G along it; the height lost on the way is
//     loss = distance x sink / G,
// which in still air is distance / (L/D): range = height x L/D. The site is reachable when the
// height above it minus the loss leaves at least GLIDE_MARGIN_M for the circuit and approach.
//
// Headwind speed adjustment (GLIDE_WIND_ADJ = 1): into a headwind H (the component against the
// course) fly V = V_bg + H / 2, the standard glider rule of thumb ("add half the headwind"). The
// glide ratio at a speed other than the best-glide speed V_bg comes from a parabolic drag polar,
// L/D(u) = (L/D)max x 2 / (u^2 + 1/u^2) with u = V / V_bg (any textbook, e.g. Anderson, Aircraft
// Performance and Design, §5.4). On that polar the exact optimum is V_bg (1 + H / (4 V_bg)) for a
// light wind and moves towards + H / 2 as the wind grows; the rule is within 1 % of the optimal
// height loss up to half the best-glide speed in headwind (glide_test.cc) and errs on the fast,
// penetrating side. No adjustment in a tailwind (slowing down towards the minimum-sink speed
// would gain little and eat into the stall margin). The adjusted speed is capped at 1.5 V_bg,
// where the parabolic polar is already a stretch.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>

#include "core/param.h"

namespace kestrel {

struct GlideParams {
  // Best-glide equivalent airspeed [m/s]: the minimum-drag speed of the clean polar at the
  // maximum mass, CL = 0.94 at 450 kg, S = 7.3 m^2 (searcher-facts §4.3: 32.4 m/s), rounded up;
  // about 1.2 times the stall speed (27 m/s, §4.6).
  double speed_eas_mps = 33;
  // Best glide ratio with the engine out [-]. The facts sheet (searcher-facts §4.5) gives a clean
  // L/Dmax of about 13, falling to 10 to 11 with a windmilling fixed-pitch propeller; the
  // searcher2 model's propeller stops instead (about 5 rpm), and its engine-off trim gives 12.1 to
  // 12.6 at 33 to 36 m/s (kestrel trim --engine off; docs/failsafes.md). Tuned for searcher2 as
  // the other defaults are: a planning figure 20 % low puts a dead-stick circuit 20 % high, which
  // on a 1,000 m runway is an overrun. Set it lower for an aircraft whose propeller windmills.
  double lift_drag = 12;
  // Height to arrive with over the site for the circuit and approach [m]: one 360 deg turn at
  // 30 deg of bank at the best-glide speed (radius 190 m, about 140 m of height at L/D 10
  // cos 30) and a 1.5 km final (150 m), rounded to 300 m. An estimate.
  double margin_m = 300;
  double wind_adjust = 1;  // 1: add half the headwind component to the glide speed; 0: don't
};

inline const std::array<ParamDecl<GlideParams>, 4> kGlideParams = {{
    {{"GLIDE_SPEED", "m/s", 20.0, 60.0, "Best-glide equivalent airspeed (engine out)"},
     &GlideParams::speed_eas_mps},
    {{"GLIDE_LD", "-", 3.0, 30.0, "Best glide ratio, propeller windmilling"},
     &GlideParams::lift_drag},
    {{"GLIDE_MARGIN_M", "m", 0.0, 2000.0, "Height kept over a glide site for circuit and approach"},
     &GlideParams::margin_m},
    {{"GLIDE_WIND_ADJ", "-", 0.0, 1.0, "1: glide speed plus half the headwind component"},
     &GlideParams::wind_adjust},
}};

// A place to land without the engine.
struct LandingSite {
  Eigen::Vector2d position_ne = Eigen::Vector2d::Zero();  // [m] north, east of home
  double elevation_m = 0;  // ground height above home [m] (home itself: 0)
  // A runway: its heading [rad] (true, clockwise from north); none for a field or rally point.
  // Used only to prefer runways; the circuit onto it is in the margin.
  std::optional<double> runway_heading_rad;
};

// The aircraft, as the flight software estimates it.
struct GlideInput {
  Eigen::Vector2d position_ne = Eigen::Vector2d::Zero();  // [m] north, east of home
  double height_m = 0;                                    // above home [m]
  Eigen::Vector2d wind_ne = Eigen::Vector2d::Zero();      // air-mass velocity [m/s] (NavState)
  // Density ratio sigma for the equivalent-to-true airspeed conversion: at the mean height of the
  // glide (isa_density_ratio() of the barometric altitude half way down) is a fair choice.
  double density_ratio = 1;
};

enum class GlideReach : uint8_t {
  kReachable = 0,
  kTooLow = 1,         // arrives below GLIDE_MARGIN_M over the site
  kWindTooStrong = 2,  // the wind triangle has no solution: no progress towards the site
  kInvalidInput = 3,   // a non-finite input or a parameter out of its sense
};

struct GlideSiteResult {
  GlideReach reach = GlideReach::kInvalidInput;
  double distance_m = 0;        // ground distance to the site [m]
  double airspeed_tas_mps = 0;  // glide airspeed flown (true) [m/s]
  double lift_drag = 0;         // glide ratio at that airspeed [-]
  double ground_speed_mps = 0;  // along the course to the site [m/s] (0 when overhead)
  // Height lost on the way [m]: distance x sink / ground speed; +infinity when the wind is too
  // strong or the input invalid.
  double height_loss_m = std::numeric_limits<double>::infinity();
  // Predicted height over the site on arrival [m]: height above it now minus the loss;
  // -infinity when the wind is too strong or the input invalid.
  double arrival_height_m = -std::numeric_limits<double>::infinity();
  double margin_m = -std::numeric_limits<double>::infinity();  // arrival - GLIDE_MARGIN_M
  bool reachable() const { return reach == GlideReach::kReachable; }
};

// One site.
GlideSiteResult glide_to_site(const GlideParams& p, const GlideInput& in, const LandingSite& site);

// Every site into out (out.size() >= sites.size(), checked; the first sites.size() are written),
// and the index of the best reachable one: runways before other sites, then the largest margin
// (ties: the first in the list). -1 when none is reachable.
int best_glide_site(const GlideParams& p, const GlideInput& in, std::span<const LandingSite> sites,
                    std::span<GlideSiteResult> out);

}  // namespace kestrel
