// Actuators: each channel follows its command through a first-order lag with a rate limit and
// travel limits (servo model). Stepped once per physics step, before the forces are evaluated.
#pragma once

#include "airframe/aircraft.h"

namespace kestrel {

// Commands to the actuators (what the flight software or a script sends).
struct ControlInputs {
  double elevator_rad = 0;   // trailing edge down +
  double aileron_rad = 0;    // right aileron up + (rolls right)
  double rudder_rad = 0;     // trailing edge left + (yaws left)
  double flap_rad = 0;       // down +
  double throttle = 0;       // 0..1
  double brake_left = 0;     // 0..1
  double brake_right = 0;    // 0..1
  double nosewheel_rad = 0;  // steer right +
  bool ignition = true;      // engine ignition / fuel on
  bool starter = false;      // starter engaged
};

// Actuator positions (the achieved deflections), same units and signs as ControlInputs.
struct ActuatorState {
  double elevator_rad = 0, aileron_rad = 0, rudder_rad = 0, flap_rad = 0;
  double throttle = 0, brake_left = 0, brake_right = 0, nosewheel_rad = 0;
};

double step_actuator(const ActuatorParams& p, double position, double command, double dt_s);

void step_actuators(const ActuatorSetParams& p, ActuatorState& s, const ControlInputs& u,
                    double dt_s);

// Positions equal to the (clamped) commands: for initial conditions and trim.
ActuatorState actuators_at(const ActuatorSetParams& p, const ControlInputs& u);

}  // namespace kestrel
