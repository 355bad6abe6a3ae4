#include "sim/recorder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/rotation.h"
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
  std::vector<UlogField> f = {
      {T::kDouble, 0, "lat_deg"}, {T::kDouble, 0, "lon_deg"}, {T::kDouble, 0, "alt_m"}};
  for (const UlogField& x :
       floats({"alt_agl_m", "vn_mps",  "ve_mps",  "vd_mps",    "roll_rad", "pitch_rad", "yaw_rad",
               "p_rad_s",   "q_rad_s", "r_rad_s", "alpha_rad", "beta_rad", "tas_mps",   "eas_mps",
               "mach",      "ax_mps2", "ay_mps2", "az_mps2",   "mass_kg",  "cg_x_m"}))
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
  return with_timestamp(
      floats({"wind_n_mps", "wind_e_mps", "wind_d_mps", "turb_u_mps", "turb_v_mps", "turb_w_mps",
              "turb_p_rad_s", "turb_q_rad_s", "turb_r_rad_s", "temperature_k", "pressure_pa",
              "density_kg_m3", "qbar_pa"}));
}

std::vector<UlogField> actuator_fields() {
  return with_timestamp(floats({"elevator_rad", "aileron_rad", "rudder_rad", "flap_rad", "throttle",
                                "brake_left", "brake_right", "nosewheel_rad"}));
}

std::vector<UlogField> event_fields() {
  return with_timestamp({{T::kUint8, 0, "kind"}, {T::kChar, 63, "text"}});
}

std::vector<UlogField> sensor_imu_fields() {
  std::vector<UlogField> f = floats({"gyro_x_rad_s", "gyro_y_rad_s", "gyro_z_rad_s", "accel_x_mps2",
                                     "accel_y_mps2", "accel_z_mps2"});
  f.push_back({T::kUint8, 0, "saturated"});
  return with_timestamp(f);
}

std::vector<UlogField> sensor_gnss_fields() {
  std::vector<UlogField> f = {
      {T::kDouble, 0, "lat_deg"}, {T::kDouble, 0, "lon_deg"}, {T::kDouble, 0, "alt_m"}};
  for (const UlogField& x :
       floats({"vn_mps", "ve_mps", "vd_mps", "hdop", "vdop", "h_acc_m", "v_acc_m", "s_acc_mps"}))
    f.push_back(x);
  f.push_back({T::kUint8, 0, "fix"});
  f.push_back({T::kUint8, 0, "satellites"});
  return with_timestamp(f);
}

std::vector<UlogField> sensor_air_fields() {
  return with_timestamp(floats({"baro_pressure_pa", "diff_pressure_pa", "oat_k", "mag_x_gauss",
                                "mag_y_gauss", "mag_z_gauss"}));
}

std::vector<UlogField> nav_estimate_fields() {
  std::vector<UlogField> f = {
      {T::kDouble, 0, "lat_deg"}, {T::kDouble, 0, "lon_deg"}, {T::kDouble, 0, "alt_m"}};
  for (const UlogField& x :
       floats({"vn_mps", "ve_mps", "vd_mps", "roll_rad", "pitch_rad", "yaw_rad", "wind_n_mps",
               "wind_e_mps", "tas_mps", "baro_offset_m"}))
    f.push_back(x);
  f.push_back({T::kFloat, 3, "att_sd_rad"});
  f.push_back({T::kFloat, 3, "vel_sd_mps"});
  f.push_back({T::kFloat, 3, "pos_sd_m"});
  f.push_back({T::kFloat, 2, "wind_sd_mps"});
  f.push_back({T::kFloat, 3, "gyro_bias_rad_s"});
  f.push_back({T::kFloat, 3, "accel_bias_mps2"});
  f.push_back({T::kUint32, 0, "status"});
  return with_timestamp(f);
}

std::vector<UlogField> nav_innovation_fields() {
  std::vector<UlogField> f = {{T::kFloat, 3, "gnss_pos_m"},
                              {T::kFloat, 3, "gnss_pos_var_m2"},
                              {T::kFloat, 3, "gnss_vel_mps"},
                              {T::kFloat, 3, "gnss_vel_var_m2s2"}};
  for (const UlogField& x : floats({"baro_m", "baro_var_m2", "airspeed_mps", "airspeed_var_m2s2",
                                    "beta_rad", "beta_var_rad2"}))
    f.push_back(x);
  f.push_back({T::kFloat, 3, "mag_gauss"});
  f.push_back({T::kFloat, 3, "mag_var_gauss2"});
  for (const UlogField& x : floats({"test_ratio_gnss_pos", "test_ratio_gnss_vel", "test_ratio_baro",
                                    "test_ratio_airspeed", "test_ratio_beta", "test_ratio_mag"}))
    f.push_back(x);
  f.push_back({T::kUint32, 0, "rejected_gnss_pos"});
  f.push_back({T::kUint32, 0, "rejected_gnss_vel"});
  f.push_back({T::kUint32, 0, "invalid_samples"});
  return with_timestamp(f);
}

std::vector<UlogField> nav_error_fields() {
  return with_timestamp(floats({"pos_n_m", "pos_e_m", "pos_d_m", "vel_n_mps", "vel_e_mps",
                                "vel_d_mps", "att_x_rad", "att_y_rad", "att_z_rad", "roll_rad",
                                "pitch_rad", "heading_rad", "wind_mps", "nees"}));
}

std::vector<UlogField> autopilot_status_fields() {
  return with_timestamp({{T::kUint8, 0, "mode"},
                         {T::kUint8, 0, "phase"},
                         {T::kInt16, 0, "mission_index"},
                         {T::kInt16, 0, "mission_seq"},
                         {T::kUint16, 0, "mission_items_done"},
                         {T::kFloat, 0, "mission_distance_to_go_m"},
                         {T::kFloat, 0, "mission_turns_done"},
                         {T::kFloat, 0, "mission_time_left_s"},
                         {T::kUint8, 0, "go_arounds"},
                         {T::kUint8, 0, "path"},
                         {T::kUint8, 0, "path_captured"},
                         {T::kUint8, 0, "rangefinder_valid"},
                         {T::kFloat, 0, "rangefinder_m"},
                         {T::kUint8, 0, "failsafe_action"},
                         {T::kUint8, 0, "failsafe_link"},
                         {T::kUint8, 0, "failsafe_fuel"},
                         {T::kUint8, 0, "failsafe_gnss"},
                         {T::kUint8, 0, "engine_failed"},
                         {T::kUint8, 0, "airspeed_failed"},
                         {T::kUint8, 0, "fence_breached"}});
}

std::vector<UlogField> setpoints_fields() {
  return with_timestamp(
      floats({"roll_rad", "pitch_rad", "roll_rate_rad_s", "pitch_rate_rad_s", "yaw_rate_rad_s",
              "height_m", "tas_mps", "elevator_rad", "aileron_rad", "rudder_rad", "throttle",
              "brake", "nosewheel_rad"}));
}

std::vector<UlogField> tecs_status_fields() {
  std::vector<UlogField> f = floats(
      {"height_demand_m", "height_rate_demand_mps", "tas_demand_mps", "tas_rate_demand_mps2",
       "ste_rate_demand", "ste_rate", "seb_rate_demand", "seb_rate", "throttle_ff",
       "throttle_integrator", "pitch_integrator_rad", "speed_weight", "throttle", "pitch_rad"});
  f.push_back({T::kUint8, 0, "underspeed"});
  f.push_back({T::kUint8, 0, "active"});
  return with_timestamp(f);
}

std::vector<UlogField> guidance_fields() {
  std::vector<UlogField> f =
      floats({"cross_track_m", "along_track_to_go_m", "track_error_bound_m", "bearing_rad",
              "bearing_error_rad", "course_error_rad", "heading_error_rad", "lateral_accel_mps2",
              "bank_cmd_rad", "into_wind_weight"});
  f.push_back({T::kUint8, 0, "wind_exceeds_airspeed"});
  f.push_back({T::kUint8, 0, "active"});
  return with_timestamp(f);
}

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9f", v);
  return buf;
}

}  // namespace

Result<std::unique_ptr<Recorder>> Recorder::open(const std::string& path,
                                                 const RecorderInfo& info) {
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
  const int f_imu = u.add_format("sensor_imu", sensor_imu_fields());
  const int f_gnss = u.add_format("sensor_gnss", sensor_gnss_fields());
  const int f_air = u.add_format("sensor_air", sensor_air_fields());
  const int f_nav = u.add_format("nav_estimate", nav_estimate_fields());
  const int f_innov = u.add_format("nav_innovation", nav_innovation_fields());
  const int f_nerr = u.add_format("nav_error", nav_error_fields());
  const int f_aps = u.add_format("autopilot_status", autopilot_status_fields());
  const int f_sp = u.add_format("setpoints", setpoints_fields());
  const int f_tecs = u.add_format("tecs_status", tecs_status_fields());
  const int f_guid = u.add_format("guidance", guidance_fields());
  for (std::size_t i = 0; i < info.aircraft_ids.size(); ++i) {
    const uint8_t multi = static_cast<uint8_t>(i);
    Ids ids{u.subscribe(f_truth, multi), u.subscribe(f_engine, multi), u.subscribe(f_gear, multi),
            u.subscribe(f_env, multi),   u.subscribe(f_act, multi),    u.subscribe(f_event, multi)};
    if (i < info.avionics.size() && info.avionics[i]) {
      ids.sensor_imu = u.subscribe(f_imu, multi);
      ids.sensor_gnss = u.subscribe(f_gnss, multi);
      ids.sensor_air = u.subscribe(f_air, multi);
      ids.nav_estimate = u.subscribe(f_nav, multi);
      ids.nav_innovation = u.subscribe(f_innov, multi);
      ids.nav_error = u.subscribe(f_nerr, multi);
    }
    if (i < info.autopilot.size() && info.autopilot[i]) {
      ids.autopilot_status = u.subscribe(f_aps, multi);
      ids.setpoints = u.subscribe(f_sp, multi);
      ids.tecs_status = u.subscribe(f_tecs, multi);
      ids.guidance = u.subscribe(f_guid, multi);
    }
    r->ids_.push_back(ids);
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

void Recorder::record_avionics(int index, SimTime t, const ImuSample& imu, const NavState& nav,
                               bool slow_topics, const BaroSample& baro, const AirspeedSample& air,
                               const MagSample& mag, const NavInnovations& innov,
                               const NavErrors& err) {
  const Ids& id = ids_[static_cast<std::size_t>(index)];
  if (id.sensor_imu < 0) return;
  const uint64_t ts = static_cast<uint64_t>(t.us);
  auto f = [](double x) { return static_cast<float>(x); };

  topics::SensorImu si{};
  si.timestamp = ts;
  si.gyro_x_rad_s = f(imu.gyro_rad_s.x());
  si.gyro_y_rad_s = f(imu.gyro_rad_s.y());
  si.gyro_z_rad_s = f(imu.gyro_rad_s.z());
  si.accel_x_mps2 = f(imu.accel_mps2.x());
  si.accel_y_mps2 = f(imu.accel_mps2.y());
  si.accel_z_mps2 = f(imu.accel_mps2.z());
  si.saturated = static_cast<uint8_t>((imu.gyro_saturated ? 1 : 0) | (imu.accel_saturated ? 2 : 0));
  w_->write(id.sensor_imu, &si, sizeof si);

  topics::NavEstimate ne{};
  ne.timestamp = ts;
  ne.lat_deg = rad_to_deg(nav.lat_rad);
  ne.lon_deg = rad_to_deg(nav.lon_rad);
  ne.alt_m = nav.height_ellipsoid_m;
  ne.vn_mps = f(nav.vel_ned_mps.x());
  ne.ve_mps = f(nav.vel_ned_mps.y());
  ne.vd_mps = f(nav.vel_ned_mps.z());
  const Mat3 R = rotation_matrix(nav.q_ned_from_b);
  const Euler e = euler_from_R_ned_from_b(R);
  ne.roll_rad = f(e.roll_rad);
  ne.pitch_rad = f(e.pitch_rad);
  ne.yaw_rad = f(e.yaw_rad);
  ne.wind_n_mps = f(nav.wind_n_mps);
  ne.wind_e_mps = f(nav.wind_e_mps);
  ne.tas_mps = f(nav.tas_mps);
  ne.baro_offset_m = f(nav.baro_gnss_offset_m);
  auto sd = [&](int i) { return f(std::sqrt(std::max(nav.P(i, i), 0.0))); };
  for (int k = 0; k < 3; ++k) {
    ne.att_sd_rad[k] = sd(nav_index::kAtt + k);
    ne.vel_sd_mps[k] = sd(nav_index::kVel + k);
    ne.pos_sd_m[k] = sd(nav_index::kPos + k);
    ne.gyro_bias_rad_s[k] = f(nav.gyro_bias_rad_s[k]);
    ne.accel_bias_mps2[k] = f(nav.accel_bias_mps2[k]);
  }
  ne.wind_sd_mps[0] = sd(nav_index::kWind);
  ne.wind_sd_mps[1] = sd(nav_index::kWind + 1);
  ne.status = nav.status;
  w_->write(id.nav_estimate, &ne, sizeof ne);
  if (!slow_topics) return;

  topics::SensorAir sa{};
  sa.timestamp = ts;
  sa.baro_pressure_pa = f(baro.pressure_pa);
  sa.diff_pressure_pa = f(air.diff_pressure_pa);
  sa.oat_k = f(air.temperature_k);
  sa.mag_x_gauss = f(mag.field_b_gauss.x());
  sa.mag_y_gauss = f(mag.field_b_gauss.y());
  sa.mag_z_gauss = f(mag.field_b_gauss.z());
  w_->write(id.sensor_air, &sa, sizeof sa);

  topics::NavInnovation ni{};
  ni.timestamp = ts;
  for (int k = 0; k < 3; ++k) {
    ni.gnss_pos_m[k] = f(innov.gnss_pos_m[k]);
    ni.gnss_pos_var_m2[k] = f(innov.gnss_pos_var_m2[k]);
    ni.gnss_vel_mps[k] = f(innov.gnss_vel_mps[k]);
    ni.gnss_vel_var_m2s2[k] = f(innov.gnss_vel_var_m2s2[k]);
    ni.mag_gauss[k] = f(innov.mag_gauss[k]);
    ni.mag_var_gauss2[k] = f(innov.mag_var_gauss2[k]);
  }
  ni.baro_m = f(innov.baro_m);
  ni.baro_var_m2 = f(innov.baro_var_m2);
  ni.airspeed_mps = f(innov.airspeed_mps);
  ni.airspeed_var_m2s2 = f(innov.airspeed_var_m2s2);
  ni.beta_rad = f(innov.beta_rad);
  ni.beta_var_rad2 = f(innov.beta_var_rad2);
  ni.test_ratio_gnss_pos = nav.gnss_pos.test_ratio;
  ni.test_ratio_gnss_vel = nav.gnss_vel.test_ratio;
  ni.test_ratio_baro = nav.baro.test_ratio;
  ni.test_ratio_airspeed = nav.airspeed.test_ratio;
  ni.test_ratio_beta = nav.beta.test_ratio;
  ni.test_ratio_mag = nav.mag.test_ratio;
  ni.rejected_gnss_pos = nav.gnss_pos.rejected;
  ni.rejected_gnss_vel = nav.gnss_vel.rejected;
  ni.invalid_samples =
      nav.gnss_pos.invalid + nav.baro.invalid + nav.airspeed.invalid + nav.mag.invalid;
  w_->write(id.nav_innovation, &ni, sizeof ni);

  topics::NavError ner{};
  ner.timestamp = ts;
  ner.pos_n_m = f(err.pos_ned_m.x());
  ner.pos_e_m = f(err.pos_ned_m.y());
  ner.pos_d_m = f(err.pos_ned_m.z());
  ner.vel_n_mps = f(err.vel_mps.x());
  ner.vel_e_mps = f(err.vel_mps.y());
  ner.vel_d_mps = f(err.vel_mps.z());
  ner.att_x_rad = f(err.att_rad.x());
  ner.att_y_rad = f(err.att_rad.y());
  ner.att_z_rad = f(err.att_rad.z());
  ner.roll_rad = f(err.roll_rad);
  ner.pitch_rad = f(err.pitch_rad);
  ner.heading_rad = f(err.heading_rad);
  ner.wind_mps = f(err.wind_mps);
  ner.nees = f(std::min(err.nees, 1e30));
  w_->write(id.nav_error, &ner, sizeof ner);
}

void Recorder::record_autopilot(int index, SimTime t, const AutopilotStatus& st,
                                const RangefinderSample& range, const ControlInputs& c,
                                bool slow_topics) {
  const Ids& id = ids_[static_cast<std::size_t>(index)];
  if (id.autopilot_status < 0) return;
  const uint64_t ts = static_cast<uint64_t>(t.us);
  auto f = [](double x) { return static_cast<float>(x); };

  topics::AutopilotStatus as{};
  as.timestamp = ts;
  as.mode = static_cast<uint8_t>(st.mode);
  as.phase = static_cast<uint8_t>(st.phase);
  as.mission_index = static_cast<int16_t>(std::clamp(st.mission_index, -1, 32767));
  as.mission_seq = static_cast<int16_t>(std::clamp(st.mission.current_seq, 0, 32767));
  as.mission_items_done = static_cast<uint16_t>(std::clamp(st.mission.items_done, 0, 65535));
  as.mission_distance_to_go_m = f(st.mission.distance_to_go_m);
  as.mission_turns_done = f(st.mission.turns_done);
  as.mission_time_left_s = f(st.mission.time_left_s);
  as.go_arounds = static_cast<uint8_t>(std::min(st.go_arounds, 255));
  as.path = static_cast<uint8_t>(st.path);
  as.path_captured = st.path_captured ? 1 : 0;
  as.rangefinder_valid = range.valid ? 1 : 0;
  as.rangefinder_m = f(range.range_m);
  const FailsafeStatus& fs = st.failsafe;
  as.failsafe_action = static_cast<uint8_t>(fs.action);
  as.failsafe_link = static_cast<uint8_t>(fs.link);
  as.failsafe_fuel = static_cast<uint8_t>(fs.fuel);
  as.failsafe_gnss = static_cast<uint8_t>(fs.gnss);
  as.engine_failed = fs.engine_failed ? 1 : 0;
  as.airspeed_failed = fs.airspeed_failed ? 1 : 0;
  as.fence_breached = fs.fence_breached ? 1 : 0;
  w_->write(id.autopilot_status, &as, sizeof as);

  topics::Setpoints sp{};
  sp.timestamp = ts;
  sp.roll_rad = f(st.roll_demand_rad);
  sp.pitch_rad = f(st.pitch_demand_rad);
  sp.roll_rate_rad_s = f(st.attitude.roll_rate_demand_rad_s);
  sp.pitch_rate_rad_s = f(st.attitude.pitch_rate_demand_rad_s);
  sp.yaw_rate_rad_s = f(st.attitude.yaw_rate_demand_rad_s);
  sp.height_m = f(st.height_demand_m);
  sp.tas_mps = f(st.tas_demand_mps);
  sp.elevator_rad = f(c.elevator_rad);
  sp.aileron_rad = f(c.aileron_rad);
  sp.rudder_rad = f(c.rudder_rad);
  sp.throttle = f(c.throttle);
  sp.brake = f(std::max(c.brake_left, c.brake_right));
  sp.nosewheel_rad = f(c.nosewheel_rad);
  w_->write(id.setpoints, &sp, sizeof sp);
  if (!slow_topics) return;

  const TecsOutput& te = st.tecs;
  topics::TecsStatus ts_{};
  ts_.timestamp = ts;
  ts_.height_demand_m = f(te.height_demand_m);
  ts_.height_rate_demand_mps = f(te.height_rate_demand_mps);
  ts_.tas_demand_mps = f(te.tas_demand_mps);
  ts_.tas_rate_demand_mps2 = f(te.tas_rate_demand_mps2);
  ts_.ste_rate_demand = f(te.ste_rate_demand);
  ts_.ste_rate = f(te.ste_rate);
  ts_.seb_rate_demand = f(te.seb_rate_demand);
  ts_.seb_rate = f(te.seb_rate);
  ts_.throttle_ff = f(te.throttle_ff);
  ts_.throttle_integrator = f(te.throttle_integrator);
  ts_.pitch_integrator_rad = f(te.pitch_integrator_rad);
  ts_.speed_weight = f(te.speed_weight);
  ts_.throttle = f(te.throttle);
  ts_.pitch_rad = f(te.pitch_rad);
  ts_.underspeed = te.underspeed ? 1 : 0;
  ts_.active = st.tecs_active ? 1 : 0;
  w_->write(id.tecs_status, &ts_, sizeof ts_);

  const PathGuidanceOutput& g = st.guidance;
  topics::Guidance gd{};
  gd.timestamp = ts;
  gd.cross_track_m = f(g.cross_track_m);
  gd.along_track_to_go_m = f(g.along_track_to_go_m);
  gd.track_error_bound_m = f(g.track_error_bound_m);
  gd.bearing_rad = f(g.bearing_rad());
  gd.bearing_error_rad = f(g.bearing_error_rad());
  gd.course_error_rad = f(g.course_error_rad());
  gd.heading_error_rad = f(g.heading_error_rad);
  gd.lateral_accel_mps2 = f(g.lateral_accel_mps2);
  gd.bank_cmd_rad = f(g.bank_cmd_rad);
  gd.into_wind_weight = f(g.into_wind_weight);
  gd.wind_exceeds_airspeed = g.wind_exceeds_airspeed ? 1 : 0;
  gd.active = st.guidance_active ? 1 : 0;
  w_->write(id.guidance, &gd, sizeof gd);
}

void Recorder::record_gnss(int index, const GnssSample& g) {
  const Ids& id = ids_[static_cast<std::size_t>(index)];
  if (id.sensor_gnss < 0) return;
  auto f = [](double x) { return static_cast<float>(x); };
  topics::SensorGnss m{};
  m.timestamp = static_cast<uint64_t>(g.time.us);
  m.lat_deg = rad_to_deg(g.lat_rad);
  m.lon_deg = rad_to_deg(g.lon_rad);
  m.alt_m = g.height_ellipsoid_m;
  m.vn_mps = f(g.vel_ned_mps.x());
  m.ve_mps = f(g.vel_ned_mps.y());
  m.vd_mps = f(g.vel_ned_mps.z());
  m.hdop = f(g.hdop);
  m.vdop = f(g.vdop);
  m.h_acc_m = f(g.h_acc_m);
  m.v_acc_m = f(g.v_acc_m);
  m.s_acc_mps = f(g.s_acc_mps);
  m.fix = static_cast<uint8_t>(g.fix);
  m.satellites = static_cast<uint8_t>(std::clamp(g.satellites, 0, 255));
  w_->write(id.sensor_gnss, &m, sizeof m);
}

bool Recorder::flush() { return w_->flush().ok(); }

}  // namespace kestrel
