#include "control/heading_hold.h"

#include <algorithm>
#include <cmath>

#include "core/rotation.h"

namespace kestrel {

SurfaceIncrements heading_hold_step(const HeadingHoldGains& g, HeadingHoldState& s,
                                    const NavState& nav, const HeadingHoldSetpoint& sp,
                                    double dt_s) {
  SurfaceIncrements out;
  if (!(nav.status & kNavAligned)) return out;
  // A non-finite estimate commands nothing and leaves the integrators as they were.
  if (!nav.q_ned_from_b.coeffs().allFinite() || !nav.omega_b_rad_s.allFinite() ||
      !nav.vel_ned_mps.allFinite() || !std::isfinite(nav.height_ellipsoid_m) ||
      !std::isfinite(nav.tas_mps) || !std::isfinite(sp.heading_rad) || !std::isfinite(sp.height_m))
    return out;
  // Euler angles of the estimate (ZYX: yaw, pitch, roll).
  const Euler e = euler_from_R_ned_from_b(nav.q_ned_from_b.toRotationMatrix());
  const double roll = e.roll_rad, pitch = e.pitch_rad, yaw = e.yaw_rad;
  const Vec3& w = nav.omega_b_rad_s;
  if (!s.engaged) {
    s.engaged = true;
    s.pitch_trim_rad = pitch;
    s.airspeed_mps = nav.tas_mps;
    s.height_integral_m_s = 0;
    s.airspeed_integral_m = 0;
  }
  const double lim = g.max_surface_rad;

  // Lateral: heading error -> bank command -> aileron, with roll-rate damping and a yaw damper.
  const double bank_cmd = std::clamp(g.bank_per_heading * wrap_pi(sp.heading_rad - yaw),
                                     -g.max_bank_rad, g.max_bank_rad);
  out.aileron_rad = std::clamp(
      g.aileron_per_bank * (bank_cmd - roll) - g.aileron_per_roll_rate * w.x(), -lim, lim);
  out.rudder_rad = std::clamp(g.rudder_per_yaw_rate * w.z(), -lim, lim);

  // Longitudinal: height error and climb rate -> pitch offset -> elevator (trailing edge down
  // pitches down, hence the minus), with an integral for the height lost in turns.
  const double dh = sp.height_m - nav.height_ellipsoid_m;
  const double climb = -nav.vel_ned_mps.z();
  const double int_lim = g.max_pitch_offset_rad / std::max(g.pitch_integral_per_m_s, 1e-9);
  s.height_integral_m_s = std::clamp(s.height_integral_m_s + dh * dt_s, -int_lim, int_lim);
  const double low_speed = std::max(0.0, g.min_airspeed_mps - nav.tas_mps);
  const double pitch_cmd =
      s.pitch_trim_rad + std::clamp(g.pitch_per_height * dh - g.pitch_per_climb_rate * climb +
                                        g.pitch_integral_per_m_s * s.height_integral_m_s -
                                        g.pitch_per_low_airspeed * low_speed,
                                    -g.max_pitch_offset_rad, g.max_pitch_offset_rad);
  // Speed: throttle on the airspeed error (PI, the integral bounded to the lever's travel).
  const double dv = s.airspeed_mps - nav.tas_mps;
  const double v_lim = 1.0 / std::max(g.throttle_integral_per_m, 1e-9);
  s.airspeed_integral_m = std::clamp(s.airspeed_integral_m + dv * dt_s, -v_lim, v_lim);
  out.throttle = std::clamp(
      g.throttle_per_airspeed * dv + g.throttle_integral_per_m * s.airspeed_integral_m, -1.0, 1.0);
  out.elevator_rad = std::clamp(
      -(g.elevator_per_pitch * (pitch_cmd - pitch) - g.elevator_per_pitch_rate * w.y()), -lim, lim);
  if (!std::isfinite(out.elevator_rad) || !std::isfinite(out.aileron_rad) ||
      !std::isfinite(out.rudder_rad) || !std::isfinite(out.throttle))
    return SurfaceIncrements{};  // never command a non-finite deflection
  return out;
}

}  // namespace kestrel
