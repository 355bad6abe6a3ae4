#include "sim/world.h"

#include <algorithm>
#include <cmath>

#include "analysis/trim.h"

namespace kestrel {
namespace {

double lerp(double a, double b, double f) { return a + f * (b - a); }

}  // namespace

ControlInputs ScriptSource::commands(double t) const {
  const std::vector<ScriptPoint>& rows = spec->script;
  // The row in force: the last one at or before t; continuous channels ramp to the next row.
  std::size_t i = 0;
  while (i + 1 < rows.size() && rows[i + 1].time_s <= t) ++i;
  ControlInputs u = rows[i].controls;
  if (i + 1 < rows.size() && t > rows[i].time_s) {
    const ControlInputs& a = rows[i].controls;
    const ControlInputs& b = rows[i + 1].controls;
    const double f = (t - rows[i].time_s) / (rows[i + 1].time_s - rows[i].time_s);
    u.elevator_rad = lerp(a.elevator_rad, b.elevator_rad, f);
    u.aileron_rad = lerp(a.aileron_rad, b.aileron_rad, f);
    u.rudder_rad = lerp(a.rudder_rad, b.rudder_rad, f);
    u.flap_rad = lerp(a.flap_rad, b.flap_rad, f);
    u.throttle = lerp(a.throttle, b.throttle, f);
    u.brake_left = lerp(a.brake_left, b.brake_left, f);
    u.brake_right = lerp(a.brake_right, b.brake_right, f);
    u.nosewheel_rad = lerp(a.nosewheel_rad, b.nosewheel_rad, f);
  }
  if (spec->script_relative_to_trim) {
    ControlInputs r = trim;
    r.elevator_rad += u.elevator_rad;
    r.aileron_rad += u.aileron_rad;
    r.rudder_rad += u.rudder_rad;
    r.flap_rad += u.flap_rad;
    r.throttle = std::clamp(r.throttle + u.throttle, 0.0, 1.0);
    r.brake_left = std::clamp(r.brake_left + u.brake_left, 0.0, 1.0);
    r.brake_right = std::clamp(r.brake_right + u.brake_right, 0.0, 1.0);
    r.nosewheel_rad += u.nosewheel_rad;
    r.ignition = trim.ignition && u.ignition;
    r.starter = u.starter;
    return r;
  }
  return u;
}

void apply_environment(World& w) {
  for (WorldAircraft& a : w.aircraft) a.model.environment = w.environment;
}

Result<World> make_world(const Scenario& sc, uint64_t seed, PlanPerformanceCache* tables) {
  World w;
  std::optional<PlanPerformanceCache> own_tables;  // when the caller shares none
  std::optional<MagneticModel> magnetic;           // loaded once, for the aircraft with avionics
  w.environment = sc.environment;
  w.environment.ground_height_m = sc.site.elevation_m;
  for (const ScenarioAircraft& spec : sc.aircraft) {
    WorldAircraft a;
    a.id = spec.id;
    a.model.aircraft = spec.aircraft;
    a.model.environment = w.environment;
    a.model.step = w.rates.physics;
    a.source.spec = &spec.control;
    const uint64_t aircraft_seed = stream_seed(seed, "aircraft/" + spec.id);
    if (spec.initial.kind == InitialStateSpec::Kind::kParked) {
      a.state = make_parked_state(a.model, sc.site.runway_threshold.lat_rad,
                                  sc.site.runway_threshold.lon_rad, sc.site.runway_heading_rad,
                                  spec.fuel_kg, spec.payload_kg, aircraft_seed);
      a.source.trim = ControlInputs{};
    } else {
      const InitialStateSpec& in = spec.initial;
      TrimRequest req;
      req.airspeed_mps = in.airspeed_mps;
      req.altitude_m = in.alt_amsl_m;
      req.engine_off = !in.engine_running;
      req.loading = {spec.fuel_kg, spec.payload_kg};
      req.lat_rad = in.lat_rad;
      req.lon_rad = in.lon_rad;
      req.heading_rad = in.heading_rad;
      const TrimResult t = trim(a.model, req);
      if (!t.converged)
        return Error{"aircraft '" + spec.id + "' does not trim at " +
                     std::to_string(in.airspeed_mps) + " m/s, " + std::to_string(in.alt_amsl_m) +
                     " m: airborne start impossible"};
      a.state = t.state;
      // Start moving with the air mass, so the aircraft is trimmed relative to the air.
      const Vec3 wind = steady_wind_ned(w.environment.wind, in.alt_amsl_m - sc.site.elevation_m);
      a.state.body.vel_ecef_mps += R_ned_from_ecef(in.lat_rad, in.lon_rad).transpose() * wind;
      a.source.trim = t.controls;
      a.has_flown = true;
    }
    a.state.turbulence_rng = make_stream(aircraft_seed, "turbulence");
    a.initial_fuel_kg = total_fuel_kg(a.state.fuel_kg);
    if (spec.avionics) {
      if (!magnetic) {
        Result<MagneticModel> mm = load_default_magnetic_model();
        if (!mm.ok()) return mm.error();
        magnetic = std::move(mm).value();
      }
      AircraftParams fitted = spec.aircraft;
      if (spec.gnss_corrections) {
        fitted.sensors.gnss.horizontal_drift_sigma_m =
            std::min(fitted.sensors.gnss.horizontal_drift_sigma_m, kDgpsHorizontalDriftM);
        fitted.sensors.gnss.vertical_drift_sigma_m =
            std::min(fitted.sensors.gnss.vertical_drift_sigma_m, kDgpsVerticalDriftM);
      }
      a.avionics = make_avionics(fitted, *magnetic, seed, spec.id, a.state);
      if (spec.control.kind == ControlSourceSpec::Kind::kAutopilot) {
        const AutopilotSpec& aps = spec.control.autopilot;
        Autopilot ap(autopilot_site(sc.site), aps.mission, aps.initial_mode);
        // Mission data: the zero-fuel mass (empty + payload) and the mass the stall speed is
        // quoted at (the aircraft's maximum), for the approach speed at the landing mass.
        (void)ap.set_param("MASS_MAX_KG", spec.aircraft.mass.max_takeoff_mass_kg);
        (void)ap.set_param("MASS_ZFW_KG", spec.aircraft.mass.empty_mass_kg + spec.payload_kg);
        for (const auto& [name, value] : aps.params) {
          Result<double> r = ap.set_param(name, value);
          if (!r.ok()) return Error{"aircraft '" + spec.id + "': " + r.error().message};
        }
        // The plan is uploaded once the parameters it is checked against are set, and checked
        // as `kestrel plan check` checks it: with the aircraft's performance tables at this
        // loading (built only for an upload: they cost about a second).
        if (aps.plan) {
          if (!tables) tables = &own_tables.emplace();
          Result<PlanPerformanceCache::Tables> perf = tables->get(
              spec.aircraft_name, spec.aircraft,
              plan_performance_request(ap.params(), ap.guidance_params(), ap.tecs_params(),
                                       spec.payload_kg, spec.fuel_kg));
          if (!perf.ok())
            return Error{"aircraft '" + spec.id +
                         "': performance tables for the plan check: " + perf.error().message};
          ap.set_plan_performance(perf.value());
          // The fuel gauge's reading at power-up (what the avionics' engine sample reads at the
          // first tick), so that the upload's plan check counts the fuel.
          ap.set_fuel_gauge_kg(total_fuel_kg(a.state.fuel_kg));
          Result<int> r = ap.upload_plan(*aps.plan);
          if (!r.ok())
            return Error{"aircraft '" + spec.id + "': " + aps.plan_path + ": " + r.error().message};
        }
        // Installation data: the rangefinder's reading with the aircraft standing on its gear
        // (measured on the ground, as RNGFND_GNDCLEAR is on a real aircraft): a parked start
        // measures it; an airborne start takes the installation's figure.
        double ground_reading = a.avionics->rangefinder.ground_reading_m;
        if (spec.initial.kind == InitialStateSpec::Kind::kParked) {
          const Geodetic pg = geodetic_from_ecef(a.state.body.pos_ecef_m);
          const Mat3 R = R_ned_from_ecef(pg.lat_rad, pg.lon_rad) *
                         a.state.body.q_ecef_from_b.normalized().toRotationMatrix();
          const std::optional<double> r = rangefinder_range(
              a.avionics->rangefinder, pg.height_ellipsoid_m - w.environment.ground_height_m, R);
          if (r) ground_reading = *r;
        }
        (void)ap.set_param("RNGFND_GND_M", ground_reading);
        ActuatorCommands now;
        now.elevator_rad = a.source.trim.elevator_rad;
        now.aileron_rad = a.source.trim.aileron_rad;
        now.rudder_rad = a.source.trim.rudder_rad;
        now.throttle = a.source.trim.throttle;
        now.ignition =
            spec.initial.kind == InitialStateSpec::Kind::kAirborne && spec.initial.engine_running;
        now.brake_left = now.brake_right = spec.initial.kind == InitialStateSpec::Kind::kParked;
        ap.set_current_commands(now);
        a.flight = FlightMetrics(sc.site, ap.params().land_aim_m);
        a.avionics->autopilot = std::move(ap);
      }
    }
    a.commands = spec.control.kind == ControlSourceSpec::Kind::kScript ? a.source.commands(0.0)
                                                                       : a.source.trim;
    if (a.avionics) a.avionics->link = make_data_link(sc.site.gdt, sc.site.gdt_mast_height_m);
    a.alt_agl_m = geodetic_from_ecef(a.state.body.pos_ecef_m).height_ellipsoid_m -
                  w.environment.ground_height_m;
    w.aircraft.push_back(std::move(a));
  }
  // The sources point into the scenario, which outlives the world in every caller.
  return w;
}

}  // namespace kestrel
