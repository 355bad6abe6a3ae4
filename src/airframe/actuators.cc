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
