#include "control/path_guidance.h"

#include <algorithm>
#include <cmath>

#include "core/types.h"

namespace kestrel {
namespace {

using Vec2 = Eigen::Vector2d;

constexpr double kGravityMps2 = 9.80665;

// Rotates a north/east vector by +90 deg (clockwise seen from above): the right-hand normal.
Vec2 right_of(const Vec2& v) { return Vec2(-v.y(), v.x()); }
// z-component of the 2D cross product: > 0 when b is clockwise (right) of a.
double cross(const Vec2& a, const Vec2& b) { return a.x() * b.y() - a.y() * b.x(); }
double angle_from_to(const Vec2& a, const Vec2& b) { return std::atan2(cross(a, b), a.dot(b)); }
double bearing_of(const Vec2& v) { return std::atan2(v.y(), v.x()); }
Vec2 unit_of_bearing(double chi) { return Vec2(std::cos(chi), std::sin(chi)); }

bool inputs_finite(const PathGuidanceInput& in) {
  return in.position_ne_m.allFinite() && in.ground_velocity_ne_mps.allFinite() &&
         in.wind_ne_mps.allFinite() && std::isfinite(in.airspeed_mps);
}

bool params_valid(const PathGuidanceParams& p) {
  return std::isfinite(p.period_s) && p.period_s > 0 && std::isfinite(p.damping) && p.damping > 0 &&
         std::isfinite(p.max_bank_rad) && p.max_bank_rad > 0 && p.max_bank_rad < 0.5 * kPi &&
         std::isfinite(p.min_track_error_bound_m) && p.min_track_error_bound_m > 0 &&
         std::isfinite(p.wind_blend_margin_mps) && p.wind_blend_margin_mps > 0 &&
         std::isfinite(p.min_airspeed_mps) && std::isfinite(p.max_turn_anticipation_deg);
}

// The path seen from the aircraft: closest point, unit tangent (direction of travel), signed
// cross-track error (+ right) and signed curvature (+ turning right) [1/m].
struct PathGeometry {
  Vec2 closest;
  Vec2 tangent;
  double cross_track_m;
  double curvature_per_m;
  double to_go_m;
};

// Air velocity direction that makes the ground velocity parallel to (and along) the unit bearing
// b in the wind w, at airspeed va (requires |w| < va, then it always exists). Also returns the
// resulting ground speed along b.
Vec2 air_direction_for_bearing(const Vec2& b, const Vec2& w, double va, double* gs) {
  const double w_along = w.dot(b);
  const double w_cross = cross(b, w);  // wind component to the right of b
  const double a_along = std::sqrt(std::max(va * va - w_cross * w_cross, 0.0));
  *gs = w_along + a_along;
  // Air velocity: cancel the cross component, the rest along b.
  const Vec2 v_air = a_along * b - w_cross * right_of(b);
  return v_air / va;
}

PathGuidanceOutput guide(const PathGuidanceParams& p, const PathGuidanceInput& in,
                         const PathGeometry& g) {
  PathGuidanceOutput out;
  const double va = in.airspeed_mps;
  const Vec2& w = in.wind_ne_mps;
  const Vec2& vg = in.ground_velocity_ne_mps;
  const double vg_norm = vg.norm();

  out.cross_track_m = g.cross_track_m;
  out.along_track_to_go_m = g.to_go_m;

  // Look-ahead shaping: the bearing turns from the tangent (on the path) to straight at the path
  // (at and beyond the track error bound).
  const double e_b = std::max(p.damping * p.period_s * vg_norm, p.min_track_error_bound_m);
  const double e_abs = std::abs(g.cross_track_m);
  const double closeness = 1.0 - std::min(e_abs / e_b, 1.0);
  const double theta = 0.5 * kPi * closeness * closeness;
  const Vec2 to_path = g.cross_track_m > 0 ? Vec2(-right_of(g.tangent)) : right_of(g.tangent);
  const Vec2 b = std::cos(theta) * to_path + std::sin(theta) * g.tangent;
  out.track_error_bound_m = e_b;
  out.bearing_ne = b;
  out.tangent_ne = g.tangent;
  out.closest_ne_m = g.closest;
  out.ground_velocity_ne_mps = vg;
  out.look_ahead_angle_rad = theta;

  // Bearing feasibility: blend the air velocity reference from the one that tracks b to pointing
  // into the wind as the wind speed approaches the airspeed.
  const double w_norm = w.norm();
  const double margin = std::min(p.wind_blend_margin_mps, 0.5 * va);
  double into_wind = 0;
  if (w_norm > 1e-6) {
    const double x = std::clamp((w_norm - (va - margin)) / margin, 0.0, 1.0);
    into_wind = x * x * (3.0 - 2.0 * x);  // smoothstep
  }
  out.into_wind_weight = into_wind;
  out.wind_exceeds_airspeed = w_norm >= va;

  double gs_along_b = 0;
  Vec2 air_ref = b;
  if (w_norm < va) air_ref = air_direction_for_bearing(b, w, va, &gs_along_b);
  if (into_wind > 0) {
    const Vec2 upwind = -w / w_norm;
    // Interpolate the direction along the shorter arc (continuous in the weight).
    const double d = angle_from_to(air_ref, upwind);
    air_ref = unit_of_bearing(bearing_of(air_ref) + into_wind * d);
  }

  // Current air velocity direction; the ground course if the estimates are inconsistent.
  Vec2 v_air = vg - w;
  if (v_air.norm() < 0.1 * va) v_air = vg;
  if (v_air.norm() < 1e-6) v_air = air_ref;  // nothing to go by: no feedback
  const double eta = angle_from_to(v_air, air_ref);
  out.heading_error_rad = eta;

  // Feedback: heading-rate demand k * eta, k = 4 pi zeta / P.
  const double k = 4.0 * kPi * p.damping / p.period_s;
  double accel = k * va * eta;

  // Curvature feed-forward for a path flown at ground speed gs along its tangent in the wind:
  // a = kappa gs^2 va / sqrt(va^2 - w_cross^2) (course rate kappa gs, converted to an air-relative
  // turn), faded out away from the path and as the law gives way to pointing into the wind.
  if (g.curvature_per_m != 0 && w_norm < va) {
    const double w_cross = cross(g.tangent, w);
    const double a_along = std::sqrt(std::max(va * va - w_cross * w_cross, 1e-6));
    const double gs = w.dot(g.tangent) + a_along;
    const double ff = g.curvature_per_m * gs * gs * va / a_along;
    accel += closeness * closeness * (1.0 - into_wind) * ff;
  }

  const double a_max = kGravityMps2 * std::tan(p.max_bank_rad);
  out.lateral_accel_mps2 = std::clamp(accel, -a_max, a_max);
  out.bank_cmd_rad = std::atan(out.lateral_accel_mps2 / kGravityMps2);
  return out;
}

PathGuidanceOutput invalid_output() {
  PathGuidanceOutput out;
  out.invalid_input = true;
  return out;
}

bool guidance_inputs_valid(const PathGuidanceParams& p, const PathGuidanceInput& in) {
  return inputs_finite(in) && params_valid(p) && in.airspeed_mps >= p.min_airspeed_mps;
}

}  // namespace

double PathGuidanceOutput::bearing_rad() const { return bearing_of(bearing_ne); }

double PathGuidanceOutput::bearing_error_rad() const {
  return angle_from_to(tangent_ne, bearing_ne);
}

double PathGuidanceOutput::course_error_rad() const {
  return ground_velocity_ne_mps.norm() > 1e-6 ? angle_from_to(ground_velocity_ne_mps, bearing_ne)
                                              : 0.0;
}

Eigen::Vector2d PathGuidanceOutput::target_ne_m() const {
  const double e_b = track_error_bound_m, e_abs = std::abs(cross_track_m);
  const double theta = look_ahead_angle_rad;
  const double ahead = theta > 0.5 * kPi - 1e-9 ? e_b : std::min(e_abs * std::tan(theta), e_b);
  return closest_ne_m + ahead * tangent_ne;
}

PathGuidanceOutput follow_straight(const PathGuidanceParams& p, const PathGuidanceInput& in,
                                   const StraightPath& path) {
  if (!guidance_inputs_valid(p, in) || !path.start_ne_m.allFinite() || !path.end_ne_m.allFinite())
    return invalid_output();
  const Vec2 ab = path.end_ne_m - path.start_ne_m;
  const double len = ab.norm();
  if (!(len > 1e-3)) return invalid_output();
  PathGeometry g;
  g.tangent = ab / len;
  const Vec2 rel = in.position_ne_m - path.start_ne_m;
  const double along = rel.dot(g.tangent);
  g.closest = path.start_ne_m + along * g.tangent;
  g.cross_track_m = rel.dot(right_of(g.tangent));
  g.curvature_per_m = 0;
  g.to_go_m = len - along;
  return guide(p, in, g);
}

PathGuidanceOutput follow_circle(const PathGuidanceParams& p, const PathGuidanceInput& in,
                                 const CirclePath& path) {
  if (!guidance_inputs_valid(p, in) || !path.centre_ne_m.allFinite() ||
      !std::isfinite(path.radius_m) || !(path.radius_m > 1.0) ||
      (path.direction != 1 && path.direction != -1))
    return invalid_output();
  const Vec2 rel = in.position_ne_m - path.centre_ne_m;
  const double rho = rel.norm();
  // At the centre every point is closest: take north.
  const Vec2 radial = rho > 1e-6 ? Vec2(rel / rho) : Vec2(1, 0);
  const double dir = path.direction;
  PathGeometry g;
  g.closest = path.centre_ne_m + path.radius_m * radial;
  g.tangent = dir * right_of(radial);
  g.cross_track_m = dir * (path.radius_m - rho);
  g.curvature_per_m = dir / path.radius_m;
  g.to_go_m = 0;
  return guide(p, in, g);
}

bool should_switch_to_next(const PathGuidanceParams& p, const PathGuidanceInput& in,
                           const StraightPath& leg, const Eigen::Vector2d& next_direction_ne) {
  if (!in.position_ne_m.allFinite() || !leg.start_ne_m.allFinite() || !leg.end_ne_m.allFinite())
    return false;
  const Vec2 ab = leg.end_ne_m - leg.start_ne_m;
  const double len = ab.norm();
  if (!(len > 1e-3)) return true;  // a zero-length leg is done as soon as it is reached
  const Vec2 t = ab / len;
  const double to_go = (leg.end_ne_m - in.position_ne_m).dot(t);
  if (to_go <= 0) return true;  // past the waypoint
  if (!in.ground_velocity_ne_mps.allFinite() || !next_direction_ne.allFinite() ||
      !(next_direction_ne.norm() > 1e-9) || !params_valid(p))
    return false;
  const double dchi_max = std::clamp(p.max_turn_anticipation_deg, 0.0, 170.0) * kRadPerDeg;
  const double dchi = std::min(std::abs(angle_from_to(t, next_direction_ne)), dchi_max);
  const double vg = in.ground_velocity_ne_mps.norm();
  const double radius = vg * vg / (kGravityMps2 * std::tan(p.max_bank_rad));
  return to_go <= radius * std::tan(0.5 * dchi);
}

}  // namespace kestrel
