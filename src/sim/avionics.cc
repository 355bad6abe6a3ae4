#include "sim/avionics.h"

#include <algorithm>
#include <cmath>

#include "core/rotation.h"
#include "sim/recorder.h"

namespace kestrel {
namespace {

constexpr double kRpmPerRadS = 60.0 / (2.0 * kPi);
constexpr double kGaussPerNt = 1e-5;
constexpr double kOnGroundAirspeedMps = 15;  // about half the stall speed
constexpr int64_t kScorePeriodUs = 100000;   // the estimate scored against truth at 10 Hz
constexpr double kVibrationTuningRateHz =
    400;  // IMU rate of the filter tuning (docs/navigation.md)

int64_t period_us(double hz) { return std::max<int64_t>(1, std::llround(1e6 / hz)); }

// Truth for the slower sensors, from the telemetry of a control tick.
SensorTruth truth_from_telemetry(const VehicleTelemetry& tel, const VehicleState& s, SimTime t,
                                 const Mat3& R_ned_from_b) {
  SensorTruth tr;
  tr.time = t;
  tr.position = tel.position;
  tr.vel_ned_mps = tel.vel_ned_mps;
  tr.R_ned_from_b = R_ned_from_b;
  tr.omega_eb_b_rad_s = tel.omega_eb_b_rad_s;
  tr.omega_dot_b_rad_s2 = s.step_omega_dot_b_rad_s2;
  tr.specific_force_b_mps2 = tel.accel_b_mps2;
  tr.air_vel_b_mps = tel.air_vel_b_mps;
  tr.static_pressure_pa = tel.air.pressure_pa;
  tr.temperature_k = tel.air.temperature_k;
  tr.density_kg_m3 = tel.air.density_kg_m3;
  tr.prop_rpm = s.omega_prop_rad_s * kRpmPerRadS;
  return tr;
}

// A point at `offset_b` from the CG, for a truth at the CG.
Geodetic point_at(const SensorTruth& tr, const Vec3& offset_b) {
  return offset_geodetic(tr.position, tr.R_ned_from_b * offset_b);
}

}  // namespace

NavParams nav_params_for(const SensorsParams& p) {
  NavParams np;
  // IMU: the white noise of one sample (density x sqrt(rate)) and the engine vibration, which
  // the filter cannot tell from noise (its RMS is the amplitude / sqrt(2)).
  const double imu_rate = p.imu.rate_hz;
  const auto per_sample = [&](const ImuTriadParams& t) {
    const double white = t.noise_density * std::sqrt(imu_rate);
    // The vibration's per-axis RMS, counted as white noise of the density it has at 400 Hz
    // (where this tuning was made): a white noise's effect on the accumulated IMU deltas does
    // not depend on the sample rate, so the filter is tuned the same at any IMU rate.
    const double vib = t.vibration_amplitude.norm() / std::sqrt(2.0 * 3.0) *
                       std::sqrt(imu_rate / kVibrationTuningRateHz);
    return std::sqrt(white * white + vib * vib);
  };
  np.gyro_noise_rad_s = per_sample(p.imu.gyro);
  np.accel_noise_mps2 = per_sample(p.imu.accel);
  // Bias drift: the Gauss-Markov bias instability as a random walk over its correlation time.
  np.gyro_bias_rw_rad_s2 =
      std::max(1e-6, gauss_markov_sigma_for_bias_instability(p.imu.gyro.bias_instability) /
                         std::sqrt(p.imu.gyro.bias_correlation_time_s));
  np.accel_bias_rw_mps3 =
      std::max(1e-5, gauss_markov_sigma_for_bias_instability(p.imu.accel.bias_instability) /
                         std::sqrt(p.imu.accel.bias_correlation_time_s));
  // GNSS: the receiver's slowly drifting error and its white noise, from its specification.
  np.gnss_bias_sigma_h_m = p.gnss.horizontal_drift_sigma_m;
  np.gnss_bias_sigma_v_m = p.gnss.vertical_drift_sigma_m;
  np.gnss_bias_tau_s = p.gnss.drift_time_constant_s;
  np.gnss_pos_noise_m = std::max(p.gnss.horizontal_noise_m, 0.1);
  np.gnss_vel_noise_mps = std::max(p.gnss.horizontal_velocity_noise_mps, 0.02);
  np.gnss_delay_s = p.gnss.latency_s;
  // Air data in turbulence. The filter's wind is the mean motion of the air mass; turbulence
  // (3 m/s, correlated over seconds, in moderate turbulence) reaches the airspeed and sideslip
  // as coloured noise that a white-noise filter must not follow: the wind walks slowly and the
  // air data count as noisy, so the wind averages over minutes of turns and straight legs.
  // Tuned over the nav-straight sweep (docs/navigation.md).
  np.wind_rw_mps2 = 0.005;
  np.airspeed_noise_mps = 7.0;
  np.beta_noise_rad = 0.4;
  // The gyros' and accelerometers' errors the filter does not model (misalignment, scale factor,
  // vibration aliasing, the IMU's lever arm in turbulence) and the magnetometer's soft iron:
  // counted as noise, so that the attitude's claimed uncertainty stays honest (NEES).
  np.imu_noise_scale = 2.0;
  np.mag_noise_gauss = 0.02;
  return np;
}

Avionics make_avionics(const AircraftParams& ac, const MagneticModel& model, uint64_t run_seed,
                       const std::string& aircraft_id, const VehicleState& initial) {
  Avionics av;
  av.sensors = make_sensor_suite(ac.sensors, model, run_seed, aircraft_id);
  const SensorsParams& p = ac.sensors;
  av.imu_period_us = period_us(p.imu.rate_hz);
  av.baro_period_us = period_us(p.baro.rate_hz);
  av.airspeed_period_us = period_us(p.airspeed.rate_hz);
  av.mag_period_us = period_us(p.mag.rate_hz);
  av.gnss_period_us = period_us(p.gnss.rate_hz);
  av.next_imu_us = av.imu_period_us;  // the first sample covers the first period
  av.gnss_from_imu_b_m = p.gnss.antenna_lever_arm_b_m - p.imu.lever_arm_b_m;

  // The flight software's magnetic reference at the start position: what a declination table
  // lookup gives (ArduPilot's AP_Declination does the same from its first GNSS fix).
  NavParams np = nav_params_for(ac.sensors);
  const Geodetic start = geodetic_from_ecef(initial.body.pos_ecef_m);
  const Vec3 field_nt = magnetic_field_ned_nt(model, start, av.sensors.start_decimal_year);
  np.mag_declination_rad = magnetic_declination_rad(field_nt);
  np.mag_inclination_rad = magnetic_inclination_rad(field_nt);
  np.mag_strength_gauss = field_nt.norm() * kGaussPerNt;
  av.nav = NavFilter(np);
  av.rangefinder_rng = make_stream(run_seed, "sensors/" + aircraft_id + "/rangefinder");
  av.range_period_us = period_us(av.rangefinder.rate_hz);
  return av;
}

AutopilotSite autopilot_site(const SiteParams& site) {
  AutopilotSite as;
  as.home_lat_rad = site.home.lat_rad;
  as.home_lon_rad = site.home.lon_rad;
  as.home_height_m = site.elevation_m;
  as.home_alt_amsl_m = site.elevation_m;  // the simulated earth has no geoid: AMSL = ellipsoid
  as.threshold_lat_rad = site.runway_threshold.lat_rad;
  as.threshold_lon_rad = site.runway_threshold.lon_rad;
  as.runway_heading_rad = site.runway_heading_rad;
  as.runway_length_m = site.runway_length_m;
  as.runway_width_m = site.runway_width_m;
  return as;
}

std::optional<double> rangefinder_range(const RangefinderParams& p, double cg_agl_m,
                                        const Mat3& R_ned_from_b) {
  const double down = R_ned_from_b(2, 2);  // the beam's (body z) downward component
  if (down < 0.5) return std::nullopt;
  const double h = cg_agl_m - (R_ned_from_b * p.lever_arm_b_m).z();
  const double range = h / down;
  if (range < 0 || range > p.max_range_m) return std::nullopt;
  return range;
}

ControlInputs autopilot_commands(Avionics& av, double t_s, double dt_s) {
  AutopilotInput in;
  in.nav = &av.nav.state();
  in.range = av.last_range;
  in.engine = av.last_engine;
  in.time_s = t_s;
  in.uplink_age_s = std::max(t_s - av.link.last_uplink_s, 0.0);
  const ActuatorCommands c = av.autopilot->step(in, dt_s);
  // The flight software's own wiring: the airspeed failsafe tells the navigation filter to stop
  // fusing the pitot.
  if (av.autopilot->status().failsafe.airspeed_failed) av.nav.set_airspeed_failed();
  ControlInputs u;
  u.elevator_rad = c.elevator_rad;
  u.aileron_rad = c.aileron_rad;
  u.rudder_rad = c.rudder_rad;
  u.flap_rad = c.flap_rad;
  u.throttle = c.throttle;
  u.brake_left = c.brake_left;
  u.brake_right = c.brake_right;
  u.nosewheel_rad = c.nosewheel_rad;
  u.ignition = c.ignition;
  u.starter = c.starter;
  return u;
}

void step_avionics(Avionics& av, const VehicleModel& m, const VehicleState& s,
                   const VehicleTelemetry* tel, SimTime t0, double control_dt_s, Recorder* rec,
                   int index, bool log_tick, bool slow_log_tick) {
  const SensorsParams& p = av.sensors.params;
  NavFilter& nav = av.nav;
  (void)control_dt_s;  // the scoring has its own period

  // At a control tick: truth at t0, the estimate (also at t0) scored against it, then the slow
  // sensors that are due (their samples are stamped t0).
  if (tel) {
    const Mat3 R_ned_from_b = tel->R_ned_from_b;
    av.last_truth = truth_from_telemetry(*tel, s, t0, R_ned_from_b);
    av.R_ned_from_ecef = R_ned_from_ecef(tel->position.lat_rad, tel->position.lon_rad);
    av.have_truth = true;
    const SensorTruth& tr = av.last_truth;

    // The estimate scored against truth at 10 Hz (the runner's bookkeeping, not the flight
    // software's: 50 Hz scoring cost as much as a tenth of the whole stack).
    const NavState& est = nav.state();
    const bool score = t0.us >= av.next_score_us;
    if (score) av.next_score_us += kScorePeriodUs;
    if (score && (est.status & kNavAligned)) {
      NavTruth nt;
      nt.time = t0;
      nt.position = point_at(tr, p.imu.lever_arm_b_m);
      nt.vel_ned_mps =
          tr.vel_ned_mps + R_ned_from_b * tr.omega_eb_b_rad_s.cross(p.imu.lever_arm_b_m);
      nt.R_ned_from_b = R_ned_from_b;
      nt.euler = tel->euler;
      nt.wind_ned_mps = tel->wind_ned_mps;
      av.last_errors = nav_errors(nt, est);
      av.metrics.add(t0, 1e-6 * static_cast<double>(kScorePeriodUs), av.last_errors, est.status,
                     std::hypot(tr.vel_ned_mps.x(), tr.vel_ned_mps.y()));
    }

    if (t0.us >= av.next_baro_us) {
      av.next_baro_us += av.baro_period_us;
      if (auto b = sample_baro(p.baro, av.sensors.baro, tr)) {
        av.last_baro = *b;
        nav.push_baro(*b);
      }
    }
    if (t0.us >= av.next_airspeed_us) {
      av.next_airspeed_us += av.airspeed_period_us;
      if (auto a = sample_airspeed(p.airspeed, av.sensors.airspeed, tr)) {
        av.last_airspeed = *a;
        nav.push_airspeed(*a);
      }
    }
    // The flight software's on-ground logic (the aircraft has no weight-on-wheels switch):
    // below flying speed on the pitot, it is on the ground.
    nav.set_on_ground(nav.state().tas_mps < kOnGroundAirspeedMps);
    if (t0.us >= av.next_mag_us) {
      av.next_mag_us += av.mag_period_us;
      if (auto g = sample_suite_mag(av.sensors, tr)) {
        av.last_mag = *g;
        nav.push_mag(*g);
      }
    }
    if (t0.us >= av.next_gnss_us) {
      av.next_gnss_us += av.gnss_period_us;
      gnss_measure(p.gnss, av.sensors.gnss, tr);
    }
    if (av.autopilot) {
      // The autopilot's other sensors: rangefinder (20 Hz), tachometer and fuel gauge.
      if (t0.us >= av.next_range_us) {
        av.next_range_us += av.range_period_us;
        const std::optional<double> r = rangefinder_range(
            av.rangefinder, tr.position.height_ellipsoid_m - m.environment.ground_height_m,
            R_ned_from_b);
        av.last_range.time = t0;
        av.last_range.valid = r.has_value();
        av.last_range.range_m =
            r ? std::max(0.0, *r + av.rangefinder.noise_m * av.rangefinder_rng.normal()) : 0.0;
      }
      av.last_engine.time = t0;
      av.last_engine.rpm = tel->propulsion.engine_rpm;
      av.last_engine.fuel_kg = tel->fuel_kg;
    }
  }

  // The IMU at its own rate, from the step just taken (the step's mean specific force and the
  // rate at its end). Between control ticks the position and the NED frame are those of the last
  // tick: over 20 ms they move by a metre, which changes the earth rate in body axes by 1e-7.
  // An IMU faster than the physics gives one sample per step covering the periods elapsed.
  const SimTime t1 = s.time;
  if (av.have_truth && t1.us >= av.next_imu_us) {
    int64_t periods = 0;
    while (t1.us >= av.next_imu_us) {
      av.next_imu_us += av.imu_period_us;
      ++periods;
    }
    const double dt = static_cast<double>(periods * av.imu_period_us) * 1e-6;
    SensorTruth tr = av.last_truth;
    tr.time = t1;
    const Mat3 R_e_b = rotation_matrix(s.body.q_ecef_from_b.normalized());
    tr.R_ned_from_b = av.R_ned_from_ecef * R_e_b;
    tr.omega_eb_b_rad_s = omega_eb_b(m.earth, s.body, R_e_b);
    tr.omega_dot_b_rad_s2 = s.step_omega_dot_b_rad_s2;
    tr.specific_force_b_mps2 = s.step_specific_force_b_mps2;
    tr.prop_rpm = s.omega_prop_rad_s * kRpmPerRadS;
    if (auto imu = sample_imu(p.imu, av.sensors.imu, tr, dt)) {
      av.last_imu = *imu;
      nav.push_imu(*imu);
    }
  }

  // GNSS solutions that have reached the flight software. The flight software moves the antenna
  // position to the IMU with its own attitude estimate (the antenna offset is installation data).
  GnssSample g;
  while (gnss_deliver(av.sensors.gnss, t1, &g)) {
    if (rec) rec->record_gnss(index, g);
    if (av.have_truth && g.fix != GnssFix::kNone) {
      // The receiver's own error, against the antenna's true position when the solution was
      // valid (the last tick's truth moved back by the receiver latency).
      const SensorTruth& tr = av.last_truth;
      const double back_s = (tr.time.seconds() - (g.time.seconds() - p.gnss.latency_s));
      const Geodetic ant = point_at(tr, p.gnss.antenna_lever_arm_b_m);
      const Vec3 d = R_ned_from_ecef(ant.lat_rad, ant.lon_rad) *
                         (ecef_from_geodetic(Geodetic{g.lat_rad, g.lon_rad, g.height_ellipsoid_m}) -
                          ecef_from_geodetic(ant)) +
                     tr.vel_ned_mps * back_s;
      av.metrics.add_gnss(std::hypot(d.x(), d.y()));
    }
    GnssSample at_imu = g;
    const NavState& est = nav.state();
    if (est.status & kNavAligned) {
      const Vec3 d_ned = est.q_ned_from_b * av.gnss_from_imu_b_m;
      const Geodetic imu_pos =
          offset_geodetic(Geodetic{g.lat_rad, g.lon_rad, g.height_ellipsoid_m}, -d_ned);
      at_imu.lat_rad = imu_pos.lat_rad;
      at_imu.lon_rad = imu_pos.lon_rad;
      at_imu.height_ellipsoid_m = imu_pos.height_ellipsoid_m;
    }
    nav.push_gnss(at_imu);
  }

  if (rec && log_tick && tel)
    rec->record_avionics(index, t0, av.last_imu, nav.state(), slow_log_tick, av.last_baro,
                         av.last_airspeed, av.last_mag, nav.innovations(), av.last_errors);
}

ControlInputs heading_hold_commands(Avionics& av, const ControlSourceSpec& spec,
                                    const ControlInputs& trim, double t_s, double dt_s) {
  std::size_t i = 0;
  while (i + 1 < spec.legs.size() && spec.legs[i + 1].time_s <= t_s) ++i;
  HeadingHoldSetpoint sp;
  sp.heading_rad = spec.legs[i].heading_rad;
  sp.height_m = spec.legs[i].alt_amsl_m;
  const SurfaceIncrements inc =
      heading_hold_step(HeadingHoldGains{}, av.hold, av.nav.state(), sp, dt_s);
  ControlInputs u = trim;
  u.elevator_rad += inc.elevator_rad;
  u.aileron_rad += inc.aileron_rad;
  u.rudder_rad += inc.rudder_rad;
  u.throttle = std::clamp(u.throttle + inc.throttle, 0.0, 1.0);
  return u;
}

}  // namespace kestrel
