// A minimal heading-and-altitude hold flying on the navigation estimate: bank towards the
// commanded heading, pitch towards the commanded height, throttle held at the trim. It exists so
// that the navigation scenarios can fly long straight legs and turns in turbulence (the open-loop
// aircraft diverges in its spiral mode within minutes) before the full autopilot (TECS, path
// following, modes) arrives. Flight software: it sees only the NavState.
#pragma once

#include "nav/nav_filter.h"

namespace kestrel {

struct HeadingHoldGains {
  double bank_per_heading = 1.2;          // commanded bank per heading error [rad/rad]
  double max_bank_rad = 0.44;             // 25 deg
  double aileron_per_bank = 0.8;          // [rad/rad]
  double aileron_per_roll_rate = 0.15;    // [rad/(rad/s)]
  double rudder_per_yaw_rate = 0.3;       // yaw damper [rad/(rad/s)]
  double pitch_per_height = 0.01;         // [rad/m]
  double pitch_per_climb_rate = 0.03;     // [rad/(m/s)]
  double pitch_integral_per_m_s = 0.001;  // [rad/(m s)]
  double max_pitch_offset_rad = 0.17;     // +-10 deg about the pitch at engagement
  double elevator_per_pitch = 1.0;        // [rad/rad]
  double elevator_per_pitch_rate = 0.3;   // [rad/(rad/s)]
  double max_surface_rad = 0.35;          // increments are clamped to +-20 deg
  // Airspeed: the throttle holds the airspeed of the engagement (PI on the measured TAS), and
  // below min_airspeed_mps the pitch command gives way (speed before height).
  double throttle_per_airspeed = 0.03;     // [1/(m/s)]
  double throttle_integral_per_m = 0.003;  // [1/m]
  double min_airspeed_mps = 34;            // speed protection starts here [m/s]
  double pitch_per_low_airspeed = 0.03;    // [rad/(m/s)] nose-down per m/s below the minimum
};

struct HeadingHoldSetpoint {
  double heading_rad = 0;  // true heading to hold
  double height_m = 0;     // ellipsoidal height to hold (the nav estimate's frame)
};

struct HeadingHoldState {
  bool engaged = false;
  double pitch_trim_rad = 0;  // estimated pitch when engaged
  double airspeed_mps = 0;    // true airspeed held (that of the engagement)
  double height_integral_m_s = 0;
  double airspeed_integral_m = 0;
};

// Surface increments over the trimmed controls (signs as ControlInputs: elevator trailing edge
// down +, aileron rolls right +, rudder yaws left +).
struct SurfaceIncrements {
  double elevator_rad = 0, aileron_rad = 0, rudder_rad = 0;
  double throttle = 0;  // throttle lever increment over the trim
};

// One control step at dt_s (the control rate). Holds the increments at zero until the estimate
// is aligned (kNavAligned).
SurfaceIncrements heading_hold_step(const HeadingHoldGains& g, HeadingHoldState& s,
                                    const NavState& nav, const HeadingHoldSetpoint& sp,
                                    double dt_s);

}  // namespace kestrel
