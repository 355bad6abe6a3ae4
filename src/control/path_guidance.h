// Lateral path-following guidance: straight segments, circles, and turn anticipation at
// waypoints, in a local horizontal NED plane (north/east metres; the caller chooses the origin
// and converts from geodetic). Flight software: pure functions of the inputs, no state, no
// allocation.
//
// Law: NPFG-style (nonlinear path following guidance with bearing feasibility, after Stastny &
// Siegwart), written from the equations, not ported. Chosen over L1 because the wind handling is
// part of the law rather than a bolt-on: the commanded ground bearing is converted into the air
// velocity that achieves it in the estimated wind, and when the wind approaches or exceeds the
// airspeed the reference blends continuously into pointing straight into the wind (minimum
// drift), where L1 would need an explicit, discontinuous fallback. Its two tuning parameters
// (period, damping) have the same meaning as L1's, so ArduPlane-like tuning carries over.
//
// Equations (e = cross-track error, V_g = ground speed, P = period, zeta = damping):
//   track error bound   e_b = max(zeta * P * V_g, min bound)
//   look-ahead angle    theta = pi/2 * (1 - min(|e|/e_b, 1))^2    (0: head straight at the path)
//   ground bearing      b = cos(theta) n + sin(theta) t      (n: towards the path, t: tangent)
//   air velocity ref    v_a = V_a-long vector with (v_a + wind) parallel to b, ahead
//   lateral accel       a = k V_a eta + w_ff a_curv,  k = 4 pi zeta / P,
// where eta is the angle from the current air velocity (ground velocity - wind) to v_a, and a_curv
// the acceleration that holds a curved path in the wind (faded out away from the path). Linearised
// about a straight path this gives e'' + k e' + (k pi V_g / e_b) e = 0, i.e. natural period P and
// damping zeta for course-following.
//
// Signs: positive lateral acceleration and bank are to the right (clockwise seen from above);
// the cross-track error is positive when the aircraft is right of the track.
#pragma once

#include <Eigen/Dense>

#include "core/param.h"

namespace kestrel {

struct PathGuidanceParams {
  double period_s = 20.0;  // [s], 10..40: natural period of the path convergence (like L1 period)
  double damping = 0.7;    // [-], 0.5..1.0: damping ratio of the path convergence
  double max_bank_rad = 0.5236;              // [rad], 0.2..0.7: bank demand limit (30 deg)
  double min_track_error_bound_m = 30.0;     // [m], 10..200: floor of e_b at low ground speed
  double wind_blend_margin_mps = 2.0;        // [m/s], 0.5..5: blend to into-wind over this much
                                             // wind below the airspeed (capped at half the TAS)
  double min_airspeed_mps = 5.0;             // [m/s], 1..20: below this TAS the inputs are invalid
  double max_turn_anticipation_deg = 150.0;  // [deg], 90..170: course change used at most for
                                             // the anticipation distance R tan(dchi/2)
};

// The parameters by name (core/param.h), with units, ranges and meanings.
inline const std::array<ParamDecl<PathGuidanceParams>, 7> kPathGuidanceParams = {{
    {{"NPFG_PERIOD", "s", 10.0, 40.0, "Natural period of the path convergence"},
     &PathGuidanceParams::period_s},
    {{"NPFG_DAMPING", "-", 0.5, 1.0, "Damping ratio of the path convergence"},
     &PathGuidanceParams::damping},
    {{"NPFG_BANK_MAX", "rad", 0.2, 0.7, "Bank demand limit of the guidance"},
     &PathGuidanceParams::max_bank_rad},
    {{"NPFG_EB_MIN", "m", 10.0, 200.0, "Floor of the track error bound at low ground speed"},
     &PathGuidanceParams::min_track_error_bound_m},
    {{"NPFG_WIND_BLND", "m/s", 0.5, 5.0,
      "Wind-to-airspeed margin over which it turns into the wind"},
     &PathGuidanceParams::wind_blend_margin_mps},
    {{"NPFG_SPD_MIN", "m/s", 1.0, 20.0, "Airspeed below which the inputs are invalid"},
     &PathGuidanceParams::min_airspeed_mps},
    {{"NPFG_ANTIC_MAX", "deg", 90.0, 170.0, "Course change used at most for turn anticipation"},
     &PathGuidanceParams::max_turn_anticipation_deg},
}};

struct PathGuidanceInput {
  Eigen::Vector2d position_ne_m = Eigen::Vector2d::Zero();           // [m] north, east
  Eigen::Vector2d ground_velocity_ne_mps = Eigen::Vector2d::Zero();  // [m/s] north, east
  Eigen::Vector2d wind_ne_mps = Eigen::Vector2d::Zero();  // wind estimate (air moves to) [m/s]
  double airspeed_mps = 0;                                // true airspeed [m/s]
};

// Straight segment flown from start to end.
struct StraightPath {
  Eigen::Vector2d start_ne_m = Eigen::Vector2d::Zero();  // [m]
  Eigen::Vector2d end_ne_m = Eigen::Vector2d::Zero();    // [m]
};

// Circle (loiter). direction: +1 clockwise, -1 counter-clockwise, viewed from above.
struct CirclePath {
  Eigen::Vector2d centre_ne_m = Eigen::Vector2d::Zero();  // [m]
  double radius_m = 0;                                    // [m], > 0
  int direction = 1;                                      // +1 clockwise, -1 counter-clockwise
};

struct PathGuidanceOutput {
  double lateral_accel_mps2 = 0;  // demand, + right, consistent with the clamped bank [m/s^2]
  double bank_cmd_rad = 0;        // atan(a / g), clamped to +-max_bank_rad; + right wing down
  // Internals for logging (zero when the inputs are invalid).
  double cross_track_m = 0;        // + right of the track [m]
  double along_track_to_go_m = 0;  // straight: to the end along the track (< 0 past it);
                                   // circle: 0 [m]
  double track_error_bound_m = 0;  // e_b [m]
  double heading_error_rad = 0;    // eta: from the air velocity to its reference [rad]
  double into_wind_weight = 0;         // 0: bearing tracked, 1: pointing into the wind [-]
  bool wind_exceeds_airspeed = false;  // |wind| >= airspeed: holding against the wind
  bool invalid_input = false;          // non-finite or degenerate input: zero demand
  // Internals the law itself does not use, computed when asked for (the log takes them at a
  // fifth of the guidance rate; three atan2 and a tan per step otherwise):
  double bearing_rad() const;           // commanded ground bearing b, from north [rad]
  double bearing_error_rad() const;     // angle from the path tangent to b (look-ahead) [rad]
  double course_error_rad() const;      // from the current ground course to b, (-pi, pi] [rad]
  Eigen::Vector2d target_ne_m() const;  // where b meets the path (tangent line), at most e_b
                                        // ahead [m]
  // ... and what they are computed from.
  Eigen::Vector2d bearing_ne = Eigen::Vector2d::Zero();    // b, unit
  Eigen::Vector2d tangent_ne = Eigen::Vector2d::Zero();    // path tangent, unit
  Eigen::Vector2d closest_ne_m = Eigen::Vector2d::Zero();  // closest point of the path [m]
  Eigen::Vector2d ground_velocity_ne_mps = Eigen::Vector2d::Zero();  // the input's
  double look_ahead_angle_rad = 0;  // theta: b's angle from the direction to the path [rad]
};

PathGuidanceOutput follow_straight(const PathGuidanceParams& p, const PathGuidanceInput& in,
                                   const StraightPath& path);

PathGuidanceOutput follow_circle(const PathGuidanceParams& p, const PathGuidanceInput& in,
                                 const CirclePath& path);

// Turn anticipation at the end of `leg`: true when the along-track distance to go is within
// R tan(dchi/2), R = V_g^2 / (g tan(max bank)) the turn radius at the current ground speed and
// dchi the course change to `next_direction_ne` (any length), or when the waypoint is passed.
// A zero-length leg switches at once; otherwise non-finite velocity, direction or parameters give
// false unless the waypoint is already passed (non-finite position or leg: false).
bool should_switch_to_next(const PathGuidanceParams& p, const PathGuidanceInput& in,
                           const StraightPath& leg, const Eigen::Vector2d& next_direction_ne);

}  // namespace kestrel
