#include "analysis/bench.h"

namespace kestrel {

Result<PhysicsBenchSetup> make_physics_bench(const AircraftParams& ac) {
  PhysicsBenchSetup b;
  b.model.aircraft = ac;
  TrimRequest req;
  req.airspeed_mps = 40;
  req.altitude_m = 3000;
  Result<Loading> loading = loading_for_mass(ac, ac.mass.empty_mass_kg + 170.0);
  if (!loading.ok()) return loading.error();
  req.loading = loading.value();
  const TrimResult t = trim(b.model, req);
  if (!t.converged) return Error{"bench: the aircraft does not trim at 40 m/s, 3000 m"};
  b.model.environment.turbulence = TurbulenceLevel::kModerate;
  b.state = t.state;
  b.state.turbulence_rng = make_stream(1, "turbulence");
  b.controls = t.controls;
  return b;
}

double run_physics_steps(const PhysicsBenchSetup& setup, int64_t steps) {
  VehicleState s = setup.state;
  const int64_t restart = static_cast<int64_t>(100.0 / setup.model.step.seconds());
  for (int64_t i = 0; i < steps; ++i) {
    if (i % restart == restart - 1) s = setup.state;
    step_vehicle(setup.model, s, setup.controls);
  }
  return s.body.pos_ecef_m.x() + s.body.vel_ecef_mps.sum() + s.omega_prop_rad_s;
}

}  // namespace kestrel
