// report_sample_log: writes a plausible synthetic Kestrel flight log (.ulg) for the report and
// export tests, without running the simulator: a kinematic take-off, climb, turns, cruise, an
// engine stop and a glide to a landing, at 50 Hz, for one or two aircraft, with the topics of
// src/sim/log_topics.h. The numbers are made up but consistent (positions integrate the
// velocities, turn rates follow the bank angle, fuel follows the fuel flow).
//
//   report_sample_log OUT.ulg [--aircraft N] [--seconds S] [--rate HZ]
//                             [--truncate-bytes K] [--foreign]
//
// --truncate-bytes cuts the last K bytes off the file (a log of a killed run); --foreign writes a
// valid ULog of another program (no vehicle_truth topic).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "log/ulog.h"
#include "sim/log_topics.h"

namespace {

using kestrel::UlogField;
using T = kestrel::UlogType;
namespace topics = kestrel::topics;

constexpr double kPi = 3.14159265358979323846;
constexpr double kG = 9.80665;
constexpr double kDeg = kPi / 180;
constexpr double kHomeLat = 46.5190, kHomeLon = 6.5660, kGround = 420.0;  // a plausible strip

std::vector<UlogField> floats(std::initializer_list<const char*> names) {
  std::vector<UlogField> f;
  for (const char* n : names) f.push_back({T::kFloat, 0, n});
  return f;
}
std::vector<UlogField> with_timestamp(std::vector<UlogField> rest) {
  rest.insert(rest.begin(), UlogField{T::kUint64, 0, "timestamp"});
  return rest;
}

// Kinematic flight of one aircraft: commanded speed, climb rate and bank as functions of the
// time since its take-off clearance; position integrated on a local flat patch (fine for a few
// kilometres of synthetic track).
struct Flight {
  double t_start_s;  // when it begins its take-off roll
  double turn_sign;  // +1 right turns, -1 left
  double north0_m, east0_m;
  // state
  double n = 0, e = 0, h = kGround + 1.2, v = 0, psi = 90 * kDeg, phi = 0, theta = 0, fuel = 60;
  bool airborne = false, engine_on = true, landed = false;
};

struct Targets {
  double speed, climb, bank_deg, throttle;
  bool engine;
};

Targets targets(const Flight& f, double t) {
  const double s = t - f.t_start_s;
  if (s < 0) return {0, 0, 0, 0.1, true};                       // idle at the threshold
  if (s < 25) return {32, 0, 0, 1.0, true};                     // roll
  if (s < 150) return {40, 4.0, 0, 0.95, true};                 // climb
  if (s < 230) return {42, 0.5, 25 * f.turn_sign, 0.7, true};   // climbing turn
  if (s < 330) return {45, 0, 0, 0.65, true};                   // cruise
  if (s < 390) return {45, 0, -30 * f.turn_sign, 0.7, true};    // turn back
  return {33, -3.6, s < 470 ? 0 : 15 * f.turn_sign, 0, false};  // engine off, glide
}

void step(Flight& f, double t, double dt, Targets tg) {
  const double ground = kGround + 1.2;
  if (!f.engine_on && tg.engine) tg.engine = false;
  f.engine_on = tg.engine;
  if (!f.airborne && !f.landed) {
    // Ground roll: accelerate until rotation speed, then lift off.
    f.v = std::min(tg.speed, f.v + (tg.speed > 0 ? 2.2 : 0) * dt);
    if (tg.speed > 0 && f.v >= 27) f.airborne = true;
  } else if (f.landed) {
    f.v = std::max(0.0, f.v - 3.0 * dt);
    tg.climb = 0;
    tg.bank_deg = 0;
  } else {
    f.v += std::clamp(tg.speed - f.v, -1.0, 1.0) * dt;
  }
  const double climb = f.airborne ? tg.climb : 0;
  // Bank follows its target with a first-order lag; turn rate from the coordinated turn.
  f.phi += (tg.bank_deg * kDeg - f.phi) * std::min(1.0, 1.5 * dt);
  if (!f.airborne) f.phi = 0;
  const double psi_dot = f.v > 5 ? kG * std::tan(f.phi) / f.v : 0;
  f.psi = std::fmod(f.psi + psi_dot * dt + 2 * kPi, 2 * kPi);
  f.theta =
      f.v > 1 ? std::asin(std::clamp(climb / f.v, -0.5, 0.5)) + (f.airborne ? 3 * kDeg : 0) : 0;
  const double vh = std::sqrt(std::max(0.0, f.v * f.v - climb * climb));
  f.n += vh * std::cos(f.psi) * dt;
  f.e += vh * std::sin(f.psi) * dt;
  f.h += climb * dt;
  if (f.airborne && f.h <= ground && t - f.t_start_s > 60) {
    f.h = ground;
    f.airborne = false;
    f.landed = true;
  }
  (void)t;
}

int usage() {
  std::fprintf(stderr,
               "usage: report_sample_log OUT.ulg [--aircraft N] [--seconds S] [--rate HZ] "
               "[--truncate-bytes K] [--foreign]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string path = argv[1];
  int n_aircraft = 2;
  double seconds = 600, rate_hz = 50;
  long truncate_bytes = 0;
  bool foreign = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--foreign") {
      foreign = true;
    } else if ((a == "--aircraft" || a == "--seconds" || a == "--rate" ||
                a == "--truncate-bytes") &&
               (v = next())) {
      if (a == "--aircraft") n_aircraft = std::atoi(v);
      if (a == "--seconds") seconds = std::atof(v);
      if (a == "--rate") rate_hz = std::atof(v);
      if (a == "--truncate-bytes") truncate_bytes = std::atol(v);
    } else {
      return usage();
    }
  }
  if (n_aircraft < 1 || n_aircraft > 8 || !(seconds > 0) || !(rate_hz > 0)) return usage();

  auto opened = kestrel::UlogWriter::open(path);
  if (!opened.ok()) {
    std::fprintf(stderr, "report_sample_log: %s\n", opened.error().message.c_str());
    return 1;
  }
  kestrel::UlogWriter& u = *opened.value();

  if (foreign) {
    // Another program's log: valid ULog, but none of Kestrel's topics.
    u.add_info("sys_name", "PX4");
    const int f =
        u.add_format("sensor_combined", with_timestamp(floats({"gyro_rad", "accel_m_s2"})));
    const int id = u.subscribe(f, 0);
    struct __attribute__((packed)) {
      uint64_t timestamp;
      float gyro, accel;
    } m{};
    for (int i = 0; i < 100; ++i) {
      m.timestamp = static_cast<uint64_t>(i) * 10000;
      m.gyro = 0.01f * static_cast<float>(i);
      u.write(id, &m, sizeof m);
    }
    return u.close().ok() ? 0 : 1;
  }

  u.add_info("sys_name", "Kestrel");
  u.add_info("kestrel_scenario", "report-sample");
  u.add_info("kestrel_seed", "42");
  u.add_info("kestrel_home_lat_deg", "46.519000000");
  u.add_info("kestrel_home_lon_deg", "6.566000000");
  u.add_info("kestrel_ground_elevation_m", "420.000000000");
  for (int k = 0; k < n_aircraft; ++k)
    u.add_info("kestrel_aircraft_" + std::to_string(k), "searcher-" + std::to_string(k + 1));

  std::vector<UlogField> truth = {
      {T::kDouble, 0, "lat_deg"}, {T::kDouble, 0, "lon_deg"}, {T::kDouble, 0, "alt_m"}};
  for (const UlogField& x :
       floats({"alt_agl_m", "vn_mps",  "ve_mps",  "vd_mps",    "roll_rad", "pitch_rad", "yaw_rad",
               "p_rad_s",   "q_rad_s", "r_rad_s", "alpha_rad", "beta_rad", "tas_mps",   "eas_mps",
               "mach",      "ax_mps2", "ay_mps2", "az_mps2",   "mass_kg",  "cg_x_m"}))
    truth.push_back(x);
  std::vector<UlogField> engine =
      floats({"rpm", "throttle", "shaft_power_w", "thrust_n", "fuel_flow_kg_h", "fuel_kg"});
  engine.push_back({T::kUint8, 0, "running"});
  engine.push_back({T::kUint8, 0, "failed"});
  const int f_truth = u.add_format("vehicle_truth", with_timestamp(truth));
  const int f_engine = u.add_format("engine", with_timestamp(engine));
  const int f_gear = u.add_format("gear", with_timestamp({{T::kFloat, 8, "normal_force_n"},
                                                          {T::kFloat, 8, "compression_m"},
                                                          {T::kUint8, 0, "wheels_on_ground"},
                                                          {T::kUint8, 0, "structure_contact"}}));
  const int f_event =
      u.add_format("event", with_timestamp({{T::kUint8, 0, "kind"}, {T::kChar, 63, "text"}}));
  struct Ids {
    int truth, engine, gear, event;
  };
  std::vector<Ids> ids;
  std::vector<Flight> flights;
  for (int k = 0; k < n_aircraft; ++k) {
    const uint8_t m = static_cast<uint8_t>(k);
    ids.push_back({u.subscribe(f_truth, m), u.subscribe(f_engine, m), u.subscribe(f_gear, m),
                   u.subscribe(f_event, m)});
    Flight f;
    f.t_start_s = 20 + 35 * k;
    f.turn_sign = k % 2 == 0 ? -1 : 1;
    f.n = -40.0 * k;  // parked beside each other
    flights.push_back(f);
  }

  auto event = [&](int k, uint64_t ts, uint8_t kind, const std::string& text) {
    topics::Event ev{};
    ev.timestamp = ts;
    ev.kind = kind;
    std::snprintf(ev.text, sizeof ev.text, "%s", text.c_str());
    u.write(ids[static_cast<size_t>(k)].event, ev);
    u.log_string(kestrel::kUlogInfo, ts, "searcher-" + std::to_string(k + 1) + ": " + text);
  };

  const double dt = 1.0 / rate_hz;
  const double m_per_deg_n = 111132.0, m_per_deg_e = 111320.0 * std::cos(kHomeLat * kDeg);
  const long steps = static_cast<long>(seconds * rate_hz);
  for (long i = 0; i <= steps; ++i) {
    const double t = static_cast<double>(i) * dt;
    const uint64_t ts = static_cast<uint64_t>(std::llround(t * 1e6));
    for (int k = 0; k < n_aircraft; ++k) {
      Flight& f = flights[static_cast<size_t>(k)];
      const bool was_airborne = f.airborne, was_engine = f.engine_on;
      if (i > 0) step(f, t, dt, targets(f, t));
      if (!was_airborne && f.airborne) event(k, ts, 3, "took off");
      if (was_engine && !f.engine_on) event(k, ts, 0, "scenario event: engine failure");
      if (was_airborne && !f.airborne && f.landed) event(k, ts, 2, "landed");

      const double s = t - f.t_start_s;
      const double climb = f.airborne ? targets(f, t).climb : 0;
      topics::VehicleTruth v{};
      v.timestamp = ts;
      v.lat_deg = kHomeLat + f.n / m_per_deg_n;
      v.lon_deg = kHomeLon + f.e / m_per_deg_e;
      v.alt_m = f.h;
      v.alt_agl_m = static_cast<float>(f.h - kGround);
      v.vn_mps = static_cast<float>(f.v * std::cos(f.psi));
      v.ve_mps = static_cast<float>(f.v * std::sin(f.psi));
      v.vd_mps = static_cast<float>(-climb);
      v.roll_rad = static_cast<float>(f.phi + 0.01 * std::sin(0.7 * t + k));
      v.pitch_rad = static_cast<float>(f.theta + 0.005 * std::sin(1.3 * t));
      v.yaw_rad = static_cast<float>(f.psi > kPi ? f.psi - 2 * kPi : f.psi);  // -pi..pi
      v.alpha_rad = static_cast<float>(
          f.airborne ? (4 + 2 * (40 - f.v) / 10) * kDeg + 0.003 * std::sin(2.1 * t) : f.theta);
      v.beta_rad = static_cast<float>(f.airborne ? 0.4 * kDeg * std::sin(0.3 * t + k) : 0);
      const double rho_ratio = std::exp(-(f.h) / 9000.0 * 0.95);
      v.tas_mps = static_cast<float>(f.v);
      v.eas_mps = static_cast<float>(f.v * std::sqrt(rho_ratio));
      v.mach = static_cast<float>(f.v / 340);
      v.az_mps2 = static_cast<float>(-kG / std::cos(f.phi));
      v.mass_kg = static_cast<float>(330 + f.fuel);
      v.cg_x_m = 2.1f;
      u.write(ids[static_cast<size_t>(k)].truth, v);

      const Targets tg = targets(f, t);
      topics::Engine en{};
      en.timestamp = ts;
      en.running = f.engine_on ? 1 : 0;
      en.throttle = static_cast<float>(f.engine_on ? tg.throttle : 0);
      en.rpm = static_cast<float>(f.engine_on ? 1800 + 5200 * tg.throttle : 0);
      en.fuel_flow_kg_h = static_cast<float>(f.engine_on ? 2 + 14 * tg.throttle : 0);
      en.shaft_power_w = static_cast<float>(f.engine_on ? 38000 * tg.throttle : 0);
      en.thrust_n = static_cast<float>(f.engine_on ? 900 * tg.throttle - 6 * f.v : -4 * f.v);
      f.fuel = std::max(0.0, f.fuel - en.fuel_flow_kg_h / 3600 * dt);
      en.fuel_kg = static_cast<float>(f.fuel);
      u.write(ids[static_cast<size_t>(k)].engine, en);

      topics::Gear g{};
      g.timestamp = ts;
      if (!f.airborne) {
        const double lift_fraction = std::min(0.95, (f.v * f.v) / (27.0 * 27.0));
        const double w = (330 + f.fuel) * kG * (1 - lift_fraction);
        const double bump = 1 + 0.04 * std::sin(9 * t + k) * (f.v > 1 ? 1 : 0);
        g.normal_force_n[0] = static_cast<float>(0.15 * w * bump);
        g.normal_force_n[1] = static_cast<float>(0.425 * w * bump);
        g.normal_force_n[2] = static_cast<float>(0.425 * w / bump);
        for (int c = 0; c < 3; ++c) g.compression_m[c] = g.normal_force_n[c] / 60000.0f;
        g.wheels_on_ground = 3;
      }
      u.write(ids[static_cast<size_t>(k)].gear, g);
      (void)s;
    }
    if (i % static_cast<long>(rate_hz * 10) == 0) {
      auto st = u.flush();
      if (!st.ok()) {
        std::fprintf(stderr, "report_sample_log: %s\n", st.error().message.c_str());
        return 1;
      }
    }
  }
  for (int k = 0; k < n_aircraft; ++k)
    event(k, static_cast<uint64_t>(std::llround(seconds * 1e6)), 6, "stop: time limit");
  if (auto st = u.close(); !st.ok()) {
    std::fprintf(stderr, "report_sample_log: %s\n", st.error().message.c_str());
    return 1;
  }
  if (truncate_bytes > 0) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || static_cast<long>(size) <= truncate_bytes) return 1;
    std::filesystem::resize_file(path, size - static_cast<uintmax_t>(truncate_bytes), ec);
    if (ec) return 1;
  }
  return 0;
}
