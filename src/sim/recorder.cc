#include "sim/recorder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "log/ulog.h"

namespace kestrel {
namespace {

using T = UlogType;

std::vector<UlogField> floats(std::initializer_list<const char*> names) {
  std::vector<UlogField> f;
  for (const char* n : names) f.push_back({T::kFloat, 0, n});
  return f;
}

std::vector<UlogField> with_timestamp(std::vector<UlogField> rest) {
  rest.insert(rest.begin(), UlogField{T::kUint64, 0, "timestamp"});
  return rest;
}

// Field lists: in the order and with the types of the structs in log_topics.h.
std::vector<UlogField> truth_fields() {
  std::vector<UlogField> f = {{T::kDouble, 0, "lat_deg"}, {T::kDouble, 0, "lon_deg"},
                              {T::kDouble, 0, "alt_m"}};
  for (const UlogField& x :
       floats({"alt_agl_m", "vn_mps", "ve_mps", "vd_mps", "roll_rad", "pitch_rad", "yaw_rad",
               "p_rad_s", "q_rad_s", "r_rad_s", "alpha_rad", "beta_rad", "tas_mps", "eas_mps", "mach",
               "ax_mps2", "ay_mps2", "az_mps2", "mass_kg", "cg_x_m"}))
    f.push_back(x);
  return with_timestamp(f);
}

std::vector<UlogField> engine_fields() {
  std::vector<UlogField> f =
      floats({"rpm", "throttle", "shaft_power_w", "thrust_n", "fuel_flow_kg_h", "fuel_kg"});
  f.push_back({T::kUint8, 0, "running"});
  f.push_back({T::kUint8, 0, "failed"});
  return with_timestamp(f);
}

std::vector<UlogField> gear_fields() {
  return with_timestamp({{T::kFloat, 8, "normal_force_n"},
                         {T::kFloat, 8, "compression_m"},
                         {T::kUint8, 0, "wheels_on_ground"},
                         {T::kUint8, 0, "structure_contact"}});
}

std::vector<UlogField> environment_fields() {
  return with_timestamp(floats({"wind_n_mps", "wind_e_mps", "wind_d_mps", "turb_u_mps",
                                "turb_v_mps", "turb_w_mps", "turb_p_rad_s", "turb_q_rad_s",
                                "turb_r_rad_s", "temperature_k", "pressure_pa", "density_kg_m3",
                                "qbar_pa"}));
}

std::vector<UlogField> actuator_fields() {
  return with_timestamp(floats({"elevator_rad", "aileron_rad", "rudder_rad", "flap_rad",
                                "throttle", "brake_left", "brake_right", "nosewheel_rad"}));
}

std::vector<UlogField> event_fields() {
  return with_timestamp({{T::kUint8, 0, "kind"}, {T::kChar, 63, "text"}});
}

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9f", v);
  return buf;
}

}  // namespace

Result<std::unique_ptr<Recorder>> Recorder::open(const std::string& path, const RecorderInfo& info) {
  Result<std::unique_ptr<UlogWriter>> w = UlogWriter::open(path);
  if (!w.ok()) return w.error();
  std::unique_ptr<Recorder> r(new Recorder());
  r->w_ = std::move(w).value();
  UlogWriter& u = *r->w_;
  u.add_info("sys_name", "Kestrel");
  u.add_info("kestrel_scenario", info.scenario);
  u.add_info("kestrel_seed", std::to_string(info.seed));
  u.add_info("kestrel_home_lat_deg", format_number(info.home_lat_deg));
  u.add_info("kestrel_home_lon_deg", format_number(info.home_lon_deg));
  u.add_info("kestrel_ground_elevation_m", format_number(info.ground_elevation_m));
  for (std::size_t i = 0; i < info.aircraft_ids.size(); ++i)
    u.add_info("kestrel_aircraft_" + std::to_string(i), info.aircraft_ids[i]);
  const int f_truth = u.add_format("vehicle_truth", truth_fields());
  const int f_engine = u.add_format("engine", engine_fields());
  const int f_gear = u.add_format("gear", gear_fields());
  const int f_env = u.add_format("environment", environment_fields());
  const int f_act = u.add_format("actuators", actuator_fields());
  const int f_event = u.add_format("event", event_fields());
  for (std::size_t i = 0; i < info.aircraft_ids.size(); ++i) {
    const uint8_t multi = static_cast<uint8_t>(i);
    r->ids_.push_back({u.subscribe(f_truth, multi), u.subscribe(f_engine, multi),
                       u.subscribe(f_gear, multi), u.subscribe(f_env, multi),
                       u.subscribe(f_act, multi), u.subscribe(f_event, multi)});
  }
  return r;
}

Recorder::~Recorder() = default;

void Recorder::record(int index, SimTime t, const VehicleTelemetry& v, const VehicleState& s,
                      double ground_height_m, bool slow_topics) {
  const Ids& id = ids_[static_cast<std::size_t>(index)];
  const uint64_t ts = static_cast<uint64_t>(t.us);
  auto f = [](double x) { return static_cast<float>(x); };

  topics::VehicleTruth truth{};
  truth.timestamp = ts;
  truth.lat_deg = rad_to_deg(v.position.lat_rad);
  truth.lon_deg = rad_to_deg(v.position.lon_rad);
  truth.alt_m = v.position.height_ellipsoid_m;
  truth.alt_agl_m = f(v.position.height_ellipsoid_m - ground_height_m);
  truth.vn_mps = f(v.vel_ned_mps.x());
  truth.ve_mps = f(v.vel_ned_mps.y());
  truth.vd_mps = f(v.vel_ned_mps.z());
  truth.roll_rad = f(v.euler.roll_rad);
  truth.pitch_rad = f(v.euler.pitch_rad);
  truth.yaw_rad = f(v.euler.yaw_rad);
  truth.p_rad_s = f(v.omega_eb_b_rad_s.x());
  truth.q_rad_s = f(v.omega_eb_b_rad_s.y());
  truth.r_rad_s = f(v.omega_eb_b_rad_s.z());
  truth.alpha_rad = f(v.alpha_rad);
  truth.beta_rad = f(v.beta_rad);
  truth.tas_mps = f(v.tas_mps);
  truth.eas_mps = f(v.eas_mps);
  truth.mach = f(v.mach);
  truth.ax_mps2 = f(v.accel_b_mps2.x());
  truth.ay_mps2 = f(v.accel_b_mps2.y());
  truth.az_mps2 = f(v.accel_b_mps2.z());
  truth.mass_kg = f(v.mass_kg);
  truth.cg_x_m = f(v.cg_b_m.x());
  w_->write(id.truth, &truth, sizeof truth);

  topics::Engine engine{};
  engine.timestamp = ts;
  engine.rpm = f(v.propulsion.engine_rpm);
  engine.throttle = f(v.actuators.throttle);
  engine.shaft_power_w = f(v.propulsion.shaft_power_w);
  engine.thrust_n = f(v.propulsion.thrust_n);
  engine.fuel_flow_kg_h = f(v.propulsion.fuel_flow_kg_s * 3600.0);
  engine.fuel_kg = f(v.fuel_kg);
  engine.running = v.engine_running ? 1 : 0;
  engine.failed = s.engine.failed ? 1 : 0;
  w_->write(id.engine, &engine, sizeof engine);

  topics::Actuators act{};
  act.timestamp = ts;
  act.elevator_rad = f(v.actuators.elevator_rad);
  act.aileron_rad = f(v.actuators.aileron_rad);
  act.rudder_rad = f(v.actuators.rudder_rad);
  act.flap_rad = f(v.actuators.flap_rad);
  act.throttle = f(v.actuators.throttle);
  act.brake_left = f(v.actuators.brake_left);
  act.brake_right = f(v.actuators.brake_right);
  act.nosewheel_rad = f(v.actuators.nosewheel_rad);
  w_->write(id.actuators, &act, sizeof act);
  if (!slow_topics) return;

  topics::Gear gear{};
  gear.timestamp = ts;
  for (int i = 0; i < 8; ++i) {
    gear.normal_force_n[i] = f(v.gear.normal_force_n[static_cast<std::size_t>(i)]);
    gear.compression_m[i] = f(v.gear.compression_m[static_cast<std::size_t>(i)]);
  }
  gear.wheels_on_ground = static_cast<uint8_t>(v.gear.wheels_on_ground);
  gear.structure_contact = v.gear.structure_contact ? 1 : 0;
  w_->write(id.gear, &gear, sizeof gear);

  topics::Environment env{};
  env.timestamp = ts;
  env.wind_n_mps = f(v.wind_ned_mps.x());
  env.wind_e_mps = f(v.wind_ned_mps.y());
  env.wind_d_mps = f(v.wind_ned_mps.z());
  env.turb_u_mps = f(v.turbulence_b_mps.x());
  env.turb_v_mps = f(v.turbulence_b_mps.y());
  env.turb_w_mps = f(v.turbulence_b_mps.z());
  env.turb_p_rad_s = f(v.turbulence_omega_b_rad_s.x());
  env.turb_q_rad_s = f(v.turbulence_omega_b_rad_s.y());
  env.turb_r_rad_s = f(v.turbulence_omega_b_rad_s.z());
  env.temperature_k = f(v.air.temperature_k);
  env.pressure_pa = f(v.air.pressure_pa);
  env.density_kg_m3 = f(v.air.density_kg_m3);
  env.qbar_pa = f(v.qbar_pa);
  w_->write(id.environment, &env, sizeof env);

}

void Recorder::event(int index, SimTime t, uint8_t kind, const std::string& text) {
  topics::Event e{};
  e.timestamp = static_cast<uint64_t>(t.us);
  e.kind = kind;
  std::memcpy(e.text, text.data(), std::min(text.size(), sizeof e.text - 1));
  w_->write(ids_[static_cast<std::size_t>(index)].event, &e, sizeof e);
  w_->log_string(6, e.timestamp, text);  // 6: info
}

bool Recorder::flush() { return w_->flush().ok(); }

}  // namespace kestrel
