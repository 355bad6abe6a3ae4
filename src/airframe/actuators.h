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

// step_actuator's factors for one step length, per channel (elevator, aileron, rudder, flap,
// throttle, brake, nosewheel): the lag gain 1 - exp(-dt/tau) and the rate limit times dt. The
// caller keeps them while its step length stays the same (written by actuator_step_factors).
struct ActuatorStepFactors {
  static constexpr int kChannels = 7;
  double dt_s = -1;              // [s] the step length they are for (-1: none yet)
  double lag[kChannels] = {};    // 1 - exp(-dt/tau)
  double max_dx[kChannels] = {}; // [unit of the channel] rate limit * dt
};
void actuator_step_factors(const ActuatorSetParams& p, double dt_s, ActuatorStepFactors* f);

// step_actuators with the factors of actuator_step_factors(p, dt_s): the same arithmetic, so the
// same positions to the bit, without an exp per moving channel and step.
void step_actuators(const ActuatorSetParams& p, const ActuatorStepFactors& f, ActuatorState& s,
                    const ControlInputs& u);

// Positions equal to the (clamped) commands: for initial conditions and trim.
ActuatorState actuators_at(const ActuatorSetParams& p, const ControlInputs& u);

}  // namespace kestrel
