#include "airframe/actuators.h"

#include <algorithm>
#include <cmath>

namespace kestrel {

double step_actuator(const ActuatorParams& p, double x, double cmd, double dt) {
  if (!std::isfinite(cmd)) return x;  // a garbled command: the servo holds its position
  const double target = std::clamp(cmd, p.min, p.max);
  if (target == x) return x;  // at rest on its command: nothing to integrate
  // Exact step of the first-order lag for a held command, then the rate limit.
  double dx = (target - x) * (1.0 - std::exp(-dt / p.time_constant_s));
  const double max_dx = p.rate_limit_per_s * dt;
  dx = std::clamp(dx, -max_dx, max_dx);
  return std::clamp(x + dx, p.min, p.max);
}

void step_actuators(const ActuatorSetParams& p, ActuatorState& s, const ControlInputs& u,
                    double dt) {
  s.elevator_rad = step_actuator(p.elevator, s.elevator_rad, u.elevator_rad, dt);
  s.aileron_rad = step_actuator(p.aileron, s.aileron_rad, u.aileron_rad, dt);
  s.rudder_rad = step_actuator(p.rudder, s.rudder_rad, u.rudder_rad, dt);
  s.flap_rad = p.has_flaps ? step_actuator(p.flap, s.flap_rad, u.flap_rad, dt) : 0.0;
  s.throttle = step_actuator(p.throttle, s.throttle, u.throttle, dt);
  s.brake_left = step_actuator(p.brake, s.brake_left, u.brake_left, dt);
  s.brake_right = step_actuator(p.brake, s.brake_right, u.brake_right, dt);
  s.nosewheel_rad = step_actuator(p.nosewheel, s.nosewheel_rad, u.nosewheel_rad, dt);
}

namespace {
// step_actuator with its lag gain and rate step given (the same expressions, evaluated once).
double step_actuator_factored(const ActuatorParams& p, double x, double cmd, double lag,
                              double max_dx) {
  if (!std::isfinite(cmd)) return x;
  const double target = std::clamp(cmd, p.min, p.max);
  if (target == x) return x;
  double dx = (target - x) * lag;
  dx = std::clamp(dx, -max_dx, max_dx);
  return std::clamp(x + dx, p.min, p.max);
}
}  // namespace

void actuator_step_factors(const ActuatorSetParams& p, double dt, ActuatorStepFactors* f) {
  const ActuatorParams* ch[ActuatorStepFactors::kChannels] = {
      &p.elevator, &p.aileron, &p.rudder, &p.flap, &p.throttle, &p.brake, &p.nosewheel};
  f->dt_s = dt;
  for (int i = 0; i < ActuatorStepFactors::kChannels; ++i) {
    f->lag[i] = 1.0 - std::exp(-dt / ch[i]->time_constant_s);
    f->max_dx[i] = ch[i]->rate_limit_per_s * dt;
  }
}

void step_actuators(const ActuatorSetParams& p, const ActuatorStepFactors& f, ActuatorState& s,
                    const ControlInputs& u) {
  s.elevator_rad = step_actuator_factored(p.elevator, s.elevator_rad, u.elevator_rad, f.lag[0],
                                          f.max_dx[0]);
  s.aileron_rad =
      step_actuator_factored(p.aileron, s.aileron_rad, u.aileron_rad, f.lag[1], f.max_dx[1]);
  s.rudder_rad =
      step_actuator_factored(p.rudder, s.rudder_rad, u.rudder_rad, f.lag[2], f.max_dx[2]);
  s.flap_rad = p.has_flaps
                   ? step_actuator_factored(p.flap, s.flap_rad, u.flap_rad, f.lag[3], f.max_dx[3])
                   : 0.0;
  s.throttle = step_actuator_factored(p.throttle, s.throttle, u.throttle, f.lag[4], f.max_dx[4]);
  s.brake_left =
      step_actuator_factored(p.brake, s.brake_left, u.brake_left, f.lag[5], f.max_dx[5]);
  s.brake_right =
      step_actuator_factored(p.brake, s.brake_right, u.brake_right, f.lag[5], f.max_dx[5]);
  s.nosewheel_rad = step_actuator_factored(p.nosewheel, s.nosewheel_rad, u.nosewheel_rad,
                                           f.lag[6], f.max_dx[6]);
}

ActuatorState actuators_at(const ActuatorSetParams& p, const ControlInputs& u) {
  ActuatorState s;
  s.elevator_rad = std::clamp(u.elevator_rad, p.elevator.min, p.elevator.max);
  s.aileron_rad = std::clamp(u.aileron_rad, p.aileron.min, p.aileron.max);
  s.rudder_rad = std::clamp(u.rudder_rad, p.rudder.min, p.rudder.max);
  s.flap_rad = p.has_flaps ? std::clamp(u.flap_rad, p.flap.min, p.flap.max) : 0.0;
  s.throttle = std::clamp(u.throttle, 0.0, 1.0);
  s.brake_left = std::clamp(u.brake_left, 0.0, 1.0);
  s.brake_right = std::clamp(u.brake_right, 0.0, 1.0);
  s.nosewheel_rad = std::clamp(u.nosewheel_rad, p.nosewheel.min, p.nosewheel.max);
  return s;
}

}  // namespace kestrel
