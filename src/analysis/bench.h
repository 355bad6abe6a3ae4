// Speed measurements behind `kestrel bench` and bench/physics_bench: the physics of one aircraft
// in flight (RK4 step with moderate Dryden turbulence, engine running, gear contacts checked).
#pragma once

#include <cstdint>

#include "airframe/vehicle.h"
#include "analysis/trim.h"

namespace kestrel {

// A model and a trimmed state in flight at 40 m/s, 3000 m, moderate turbulence.
struct PhysicsBenchSetup {
  VehicleModel model;
  VehicleState state;
  ControlInputs controls;
};
Result<PhysicsBenchSetup> make_physics_bench(const AircraftParams& ac);

// Step the physics `steps` times from the setup's state (restarting from it every 100 simulated
// seconds so the aircraft stays in flight). Returns a checksum of the final state, so that the
// work cannot be optimised away.
double run_physics_steps(const PhysicsBenchSetup& setup, int64_t steps);

}  // namespace kestrel
