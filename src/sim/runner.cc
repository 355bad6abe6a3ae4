#include "sim/runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "sim/recorder.h"
#include "sim/ring.h"
#include "sim/world.h"

namespace kestrel {
namespace {

// Event kinds in the log (log_topics.h).
constexpr uint8_t kEventScenario = 0, kEventCrash = 1, kEventLanded = 2, kEventTookOff = 3,
                  kEventEngineStopped = 4, kEventEngineStarted = 5, kEventStop = 6,
                  kEventMission = 7, kEventFailsafe = 8;

// The engine-out glide's check against its prediction: the first pass within this distance of
// the predicted target counts, its closest point is where the height loss is taken; the pass
// ends once the aircraft is this much further than its closest (it has gone by) or leaves.
constexpr double kGlideReachM = 300, kGlidePassedM = 50;

const char* to_string(FailsafeKind k) {
  switch (k) {
    case FailsafeKind::kLink:
      return "link";
    case FailsafeKind::kFuel:
      return "fuel";
    case FailsafeKind::kEngine:
      return "engine";
    case FailsafeKind::kGnss:
      return "gnss";
    case FailsafeKind::kAirspeed:
      return "airspeed";
    case FailsafeKind::kFence:
      return "fence";
  }
  return "unknown";
}

// Follows the autopilot's engine-out glide (if it flies one) against truth, at the control rate
// (time t [s]): the first pass near the target, and the height the turbulence's vertical air
// motion gave on the way (rectangle rule over the control ticks).
void track_glide(WorldAircraft& a, const Autopilot& ap, const VehicleTelemetry& tel, double t) {
  const GlidePrediction& g = ap.status().glide;
  if (!g.valid) return;
  WorldAircraft::GlideTrack& tr = a.glide_track;
  if (tr.start_time_s != g.start_time_s) {
    tr = WorldAircraft::GlideTrack{g.start_time_s};
    tr.last_time_s = t;
  }
  if (tr.done) return;
  const double up_mps = -(tel.R_ned_from_b * tel.turbulence_b_mps).z();
  tr.vertical_air_m += up_mps * (t - tr.last_time_s);
  tr.last_time_s = t;
  if (tel.gear.wheels_on_ground > 0 || tel.gear.structure_contact) {
    tr.done = true;  // on the ground: a pass in progress ends; none began: never reached
    return;
  }
  const double d = (ap.local_ne(tel.position.lat_rad, tel.position.lon_rad) - g.target_ne).norm();
  if (d <= kGlideReachM && d < tr.closest_m) {
    tr.inside = true;
    tr.closest_m = d;
    tr.height_at_closest_m = tel.position.height_ellipsoid_m - ap.home_height_m();
    tr.vertical_air_at_closest_m = tr.vertical_air_m;
  } else if (tr.inside && (d > kGlideReachM || d > tr.closest_m + kGlidePassedM)) {
    tr.done = true;
  }
}

std::string at(SimTime t, const std::string& text) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "t=%.3f s: ", t.seconds());
  return buf + text;
}

bool condition_holds(const EventTrigger& tr, const WorldAircraft& a) {
  double v = 0;
  switch (tr.variable) {
    case EventTrigger::Variable::kAltitudeAglM:
      v = a.alt_agl_m;
      break;
    case EventTrigger::Variable::kAirspeedMps:
      v = a.tas_mps;
      break;
    case EventTrigger::Variable::kFuelKg:
      v = total_fuel_kg(a.state.fuel_kg);
      break;
    case EventTrigger::Variable::kGroundSpeedMps:
      v = a.ground_speed_mps;
      break;
    case EventTrigger::Variable::kGdtRangeM:
      v = a.gdt_range_m;
      break;
  }
  return tr.comparison == EventTrigger::Comparison::kBelow ? v < tr.value : v > tr.value;
}

// A sensor fault that ends at a time.
struct PendingRestore {
  int64_t end_us;
  int aircraft;
  const EventAction* action;
};

void apply_sensor_fault(Avionics& av, const EventAction& act, SimTime t, int64_t end_us) {
  SensorSuite& s = av.sensors;
  NavMetrics& m = av.metrics;
  switch (act.kind) {
    case EventAction::Kind::kGnssOutage:
      s.gnss.outage = true;
      if (m.outage_start_us < 0) {
        m.outage_start_us = t.us;
        m.outage_end_us = end_us;
      }
      break;
    case EventAction::Kind::kGnssDegrade:
      s.gnss.degradation_factor = act.factor;
      break;
    case EventAction::Kind::kGnssJump:
      s.gnss.jump_offset_ned_m = act.jump_ned_m;
      if (m.jump_start_us < 0) {
        m.jump_start_us = t.us;
        m.jump_ned_m = act.jump_ned_m;
      }
      break;
    case EventAction::Kind::kPitotBlock:
      s.airspeed.pitot_blocked = true;
      break;
    case EventAction::Kind::kLinkLoss:
      av.link.cut = true;
      break;
    case EventAction::Kind::kSensorFail:
      switch (act.sensor) {
        case EventAction::Sensor::kImu:
          s.imu.failed = true;
          break;
        case EventAction::Sensor::kGnss:
          s.gnss.failed = true;
          break;
        case EventAction::Sensor::kBaro:
          s.baro.failed = true;
          break;
        case EventAction::Sensor::kAirspeed:
          s.airspeed.failed = true;
          break;
        case EventAction::Sensor::kMag:
          s.mag.failed = true;
          break;
      }
      break;
    default:
      break;
  }
}

void clear_sensor_fault(Avionics& av, const EventAction& act) {
  SensorSuite& s = av.sensors;
  switch (act.kind) {
    case EventAction::Kind::kGnssOutage:
      s.gnss.outage = false;
      break;
    case EventAction::Kind::kGnssDegrade:
      s.gnss.degradation_factor = 1.0;
      break;
    case EventAction::Kind::kGnssJump:
      s.gnss.jump_offset_ned_m = Vec3::Zero();
      break;
    case EventAction::Kind::kLinkLoss:
      av.link.cut = false;
      break;
    default:
      break;
  }
}

// Flew, landed and stands still; an aircraft flown by the autopilot also has its engine shut down
// (the end of its landing sequence).
bool landed_and_done(const WorldAircraft& a) {
  if (!(a.landed && a.stopped)) return false;
  return !(a.avionics && a.avionics->autopilot) ||
         a.avionics->autopilot->status().phase == FlightPhase::kLanded;
}

int aircraft_index(const World& w, const std::string& id) {
  for (std::size_t i = 0; i < w.aircraft.size(); ++i)
    if (w.aircraft[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

const char* to_string(RunOutcome o) {
  switch (o) {
    case RunOutcome::kCompleted:
      return "completed";
    case RunOutcome::kTimeLimit:
      return "time_limit";
    case RunOutcome::kCrashed:
      return "crashed";
    case RunOutcome::kError:
      return "error";
  }
  return "error";
}

RunSummary run_scenario(const Scenario& sc, const RunOptions& opt) {
  RunSummary sum;
  sum.scenario = sc.name;
  sum.seed = sc.seed;
  const auto wall0 = std::chrono::steady_clock::now();
  auto fail = [&](const std::string& why) {
    sum.outcome = RunOutcome::kError;
    sum.error = why;
    return sum;
  };

  Result<World> made = make_world(sc, sc.seed, opt.plan_performance);
  if (!made.ok()) return fail(made.error().message);
  World w = std::move(made).value();

  std::unique_ptr<Recorder> rec;
  if (!opt.log_path.empty()) {
    RecorderInfo info;
    info.scenario = sc.name;
    info.seed = sc.seed;
    for (const WorldAircraft& a : w.aircraft) {
      info.aircraft_ids.push_back(a.id);
      info.avionics.push_back(a.avionics.has_value());
      info.autopilot.push_back(a.avionics.has_value() && a.avionics->autopilot.has_value());
    }
    info.home_lat_deg = rad_to_deg(sc.site.home.lat_rad);
    info.home_lon_deg = rad_to_deg(sc.site.home.lon_rad);
    info.ground_elevation_m = sc.site.elevation_m;
    Result<std::unique_ptr<Recorder>> r = Recorder::open(opt.log_path, info);
    if (!r.ok()) return fail(r.error().message);
    rec = std::move(r).value();
  }

  const int64_t physics_us = w.rates.physics.us, control_us = w.rates.control.us,
                log_us = w.rates.log.us;
  // Logging reads the telemetry taken at control ticks: the log period must be a multiple.
  if (log_us % control_us != 0 || w.rates.slow_log.us % log_us != 0)
    return fail("the log periods must be multiples of the control period");
  const int64_t end_us = static_cast<int64_t>(std::llround(sc.stop.time_limit_s * 1e6));
  const int64_t progress_us = std::max<int64_t>(physics_us, end_us / 100);
  std::vector<bool> fired(sc.events.size(), false);
  std::vector<bool> engine_was_running;
  for (const WorldAircraft& a : w.aircraft) engine_was_running.push_back(a.state.engine.running);
  VehicleTelemetry tel;
  std::vector<PendingRestore> restores;  // timed sensor faults still active
  const double control_dt_s = w.rates.control.seconds();
  RunOutcome outcome = RunOutcome::kTimeLimit;
  int64_t next_control_us = 0, next_log_us = 0, next_slow_log_us = 0, next_flush_us = 1000000,
          next_progress_us = progress_us;
  bool stop = false;

  while (!stop && w.time.us < end_us) {
    const SimTime t = w.time;
    // Multi-rate ticks by comparison with the next due time (no division in the step loop).
    const bool control_tick = t.us >= next_control_us;
    const bool log_tick = t.us >= next_log_us;
    const bool slow_log_tick = t.us >= next_slow_log_us;
    if (control_tick) next_control_us += control_us;
    if (log_tick) next_log_us += log_us;
    if (slow_log_tick) next_slow_log_us += w.rates.slow_log.us;

    // Timed sensor faults that end now.
    if (control_tick && !restores.empty()) {
      for (std::size_t r = 0; r < restores.size();) {
        if (t.us >= restores[r].end_us) {
          clear_sensor_fault(*w.aircraft[static_cast<std::size_t>(restores[r].aircraft)].avionics,
                             *restores[r].action);
          if (rec) {
            rec->event(restores[r].aircraft, t, kEventScenario, "sensor fault cleared");
          }
          restores.erase(restores.begin() + static_cast<std::ptrdiff_t>(r));
        } else {
          ++r;
        }
      }
    }

    // Events: at their time (rounded to the physics step) or when their condition holds.
    if (control_tick) {
      for (std::size_t e = 0; e < sc.events.size(); ++e) {
        if (fired[e]) continue;
        const EventSpec& ev = sc.events[e];
        bool fire = false;
        if (ev.trigger.kind == EventTrigger::Kind::kTime) {
          fire = t.us >= static_cast<int64_t>(std::llround(ev.trigger.time_s * 1e6));
        } else {
          const int i = aircraft_index(w, ev.trigger.aircraft_id);
          fire = i >= 0 && condition_holds(ev.trigger, w.aircraft[static_cast<std::size_t>(i)]);
        }
        if (!fire) continue;
        fired[e] = true;
        const EventAction& act = ev.action;
        const int i = aircraft_index(w, act.aircraft_id);
        switch (act.kind) {
          case EventAction::Kind::kSetWind:
            w.environment.wind = act.wind;
            apply_environment(w);
            break;
          case EventAction::Kind::kSetTurbulence:
            w.environment.turbulence = act.turbulence;
            apply_environment(w);
            break;
          case EventAction::Kind::kAddGust: {
            Gust g = act.gust;
            g.start_s = t.seconds();
            w.environment.gusts.push_back(g);
            apply_environment(w);
            break;
          }
          case EventAction::Kind::kFailEngine:
            if (i >= 0) w.aircraft[static_cast<std::size_t>(i)].state.engine.failed = true;
            break;
          case EventAction::Kind::kFuelLeak:
            if (i >= 0) w.aircraft[static_cast<std::size_t>(i)].fuel_leak_kg_s += act.rate_kg_s;
            break;
          case EventAction::Kind::kSetMode:
          case EventAction::Kind::kGuided:
          case EventAction::Kind::kSticks:
          case EventAction::Kind::kSetParam:
            if (i >= 0 && w.aircraft[static_cast<std::size_t>(i)].avionics &&
                w.aircraft[static_cast<std::size_t>(i)].avionics->autopilot) {
              Autopilot& ap = *w.aircraft[static_cast<std::size_t>(i)].avionics->autopilot;
              std::string refused;
              if (act.kind == EventAction::Kind::kSetMode) {
                Result<FlightMode> r = ap.set_mode(act.mode);
                if (!r.ok()) refused = r.error().message;
              } else if (act.kind == EventAction::Kind::kGuided) {
                ap.set_guided_target(act.north_m, act.east_m, act.alt_m);
                Result<FlightMode> r = ap.set_mode(FlightMode::kGuided);
                if (!r.ok()) refused = r.error().message;
              } else if (act.kind == EventAction::Kind::kSticks) {
                ap.set_sticks(
                    Sticks{act.stick_roll, act.stick_pitch, act.stick_yaw, act.stick_throttle});
              } else {
                Result<double> r = ap.set_param(act.param_name, act.param_value);
                if (!r.ok()) refused = r.error().message;
              }
              if (!refused.empty()) {
                sum.events_fired.push_back(at(t, ev.name + " refused: " + refused));
                if (rec) rec->event(i, t, kEventScenario, ev.name + " refused");
              }
            }
            break;
          case EventAction::Kind::kGnssOutage:
          case EventAction::Kind::kGnssDegrade:
          case EventAction::Kind::kGnssJump:
          case EventAction::Kind::kPitotBlock:
          case EventAction::Kind::kSensorFail:
          case EventAction::Kind::kLinkLoss:
            if (i >= 0 && w.aircraft[static_cast<std::size_t>(i)].avionics) {
              const int64_t end_us =
                  act.duration_s > 0
                      ? t.us + static_cast<int64_t>(std::llround(act.duration_s * 1e6))
                      : -1;
              apply_sensor_fault(*w.aircraft[static_cast<std::size_t>(i)].avionics, act, t, end_us);
              if (end_us >= 0) restores.push_back({end_us, i, &act});
            }
            break;
        }
        sum.events_fired.push_back(at(t, ev.name));
        if (rec) rec->event(std::max(i, 0), t, kEventScenario, ev.name);
      }
    }

    // Each aircraft: commands from its source at the control rate, then one physics step. The
    // step's telemetry (and the bookkeeping and logging that read it) is taken at the control
    // rate only: between those ticks the physics runs bare.
    for (std::size_t k = 0; k < w.aircraft.size(); ++k) {
      WorldAircraft& a = w.aircraft[k];
      if (a.state.crashed) continue;
      if (control_tick) {
        if (a.avionics) {
          // The data link: the ground station's uplink reaches the aircraft or not (the height
          // above the ground for the radio horizon: the last control step's bookkeeping).
          DataLink& link = a.avionics->link;
          a.gdt_range_m = gdt_range_m(link, a.state.body.pos_ecef_m);
          if (step_data_link(link, t.us, a.gdt_range_m, a.alt_agl_m)) {
            const std::string what = a.id + (link.up ? " data link regained" : " data link lost");
            sum.events_fired.push_back(at(t, what));
            if (rec) rec->event(static_cast<int>(k), t, kEventScenario, what);
          }
        }
        if (a.avionics && a.avionics->autopilot) {
          a.commands = autopilot_commands(*a.avionics, t.seconds(), control_dt_s);
        } else if (a.source.spec->kind == ControlSourceSpec::Kind::kHeadingHold && a.avionics) {
          a.commands = heading_hold_commands(*a.avionics, *a.source.spec, a.source.trim,
                                             t.seconds(), control_dt_s);
        } else {
          a.commands = a.source.commands(t.seconds());
        }
      }
      step_vehicle(a.model, a.state, a.commands, control_tick ? &tel : nullptr);
      if (a.avionics) {
        step_avionics(*a.avionics, a.model, a.state, control_tick ? &tel : nullptr, t, control_dt_s,
                      rec.get(), static_cast<int>(k), log_tick, slow_log_tick);
      }
      if (a.fuel_leak_kg_s > 0)
        burn_fuel(a.state.fuel_kg, std::min(a.fuel_leak_kg_s * w.rates.physics.seconds(),
                                            total_fuel_kg(a.state.fuel_kg)));

      if (control_tick) {
        // Bookkeeping at the control rate, on the telemetry of the step (state at its start).
        const double dt = w.rates.control.seconds();
        a.wheels_on_ground = tel.gear.wheels_on_ground;
        a.ground_speed_mps = std::hypot(tel.vel_ned_mps.x(), tel.vel_ned_mps.y());
        a.alt_agl_m = tel.position.height_ellipsoid_m - w.environment.ground_height_m;
        a.tas_mps = tel.tas_mps;
        a.max_alt_m = std::max(a.max_alt_m, tel.position.height_ellipsoid_m);
        a.distance_m += a.ground_speed_mps * dt;
        if (tel.gear.wheels_on_ground == 0 && !tel.gear.structure_contact) {
          a.airborne_time_s += dt;
          if (!a.has_flown && a.airborne_time_s > 1.0) {
            a.has_flown = true;
            if (rec) rec->event(static_cast<int>(k), t, kEventTookOff, a.id + " took off");
          }
        }
        const bool at_rest = tel.gear.wheels_on_ground >= 3 && tel.vel_ned_mps.norm() < 0.2;
        if (a.has_flown && at_rest && !a.landed) {
          a.landed = true;
          a.fuel_at_landing_kg = total_fuel_kg(a.state.fuel_kg);
          if (rec) rec->event(static_cast<int>(k), t, kEventLanded, a.id + " landed and stopped");
        }
        a.stopped = at_rest;
        if (a.flight && a.avionics && a.avionics->autopilot) {
          const AutopilotStatus& st = a.avionics->autopilot->status();
          a.flight->add(tel, st, a.avionics->autopilot->params(), dt, a.has_flown);
          if (st.go_arounds != a.go_arounds_seen) {
            a.go_arounds_seen = st.go_arounds;
            const std::string what = a.id + " go-around: " + st.go_around_reason;
            sum.events_fired.push_back(at(t, what));
            if (rec) rec->event(static_cast<int>(k), t, kEventScenario, what);
          }
          // The mission engine's announcements (DO commands, jumps, the end of the mission) and
          // the failsafes' (stage changes), each from its ring.
          const auto lost = [&](const char* what, uint32_t n) {
            sum.events_fired.push_back(at(t, a.id + " " + what + ": " + std::to_string(n) +
                                                 " announcements lost (too many in one step)"));
          };
          const MissionStatus& ms = st.mission;
          read_ring<kMissionEventRing>(
              ms.event_count, a.mission_events_seen, [&](uint32_t n) { lost("mission", n); },
              [&](uint32_t i) {
                const std::string what = a.id + " " + ms.events[i].text;
                sum.events_fired.push_back(at(t, what));
                if (rec) rec->event(static_cast<int>(k), t, kEventMission, what);
              });
          read_ring<kFailsafeRing>(
              st.failsafe_event_count, a.failsafe_events_seen,
              [&](uint32_t n) { lost("failsafe", n); },
              [&](uint32_t i) {
                const FailsafeNote& note = st.failsafe_events[i];
                a.failsafe_notes.push_back(note);
                const std::string what = a.id + " " + note.text;
                sum.events_fired.push_back(at(t, what));
                if (rec) rec->event(static_cast<int>(k), t, kEventFailsafe, what);
              });
          track_glide(a, *a.avionics->autopilot, tel, t.seconds());
        }
        if (log_tick && rec) {
          rec->record(static_cast<int>(k), t, tel, a.state, w.environment.ground_height_m,
                      slow_log_tick);
          if (a.avionics && a.avionics->autopilot)
            rec->record_autopilot(static_cast<int>(k), t, a.avionics->autopilot->status(),
                                  a.avionics->last_range, a.commands, slow_log_tick);
        }
      }
      if (a.state.engine.running != engine_was_running[k]) {
        engine_was_running[k] = a.state.engine.running;
        if (rec)
          rec->event(static_cast<int>(k), t,
                     a.state.engine.running ? kEventEngineStarted : kEventEngineStopped,
                     a.id + (a.state.engine.running ? " engine running" : " engine stopped"));
      }
      if (a.state.crashed) {
        const std::string what =
            a.id + " crashed" +
            (a.state.crash_contact >= 0
                 ? " (" +
                       a.model.aircraft.contacts[static_cast<std::size_t>(a.state.crash_contact)]
                           .name +
                       ")"
                 : "");
        sum.events_fired.push_back(at(t, what));
        if (rec) rec->event(static_cast<int>(k), t, kEventCrash, what);
        if (sc.stop.on_crash) {
          stop = true;
          outcome = RunOutcome::kCrashed;
        }
      }
    }
    w.time += w.rates.physics;

    // Stop when every aircraft has flown and stands still, if the scenario says so.
    if (!stop && sc.stop.all_landed_and_stopped &&
        std::all_of(w.aircraft.begin(), w.aircraft.end(), landed_and_done)) {
      stop = true;
      outcome = RunOutcome::kCompleted;
    }

    // Once per simulated second: flush the log, so a run killed at any moment keeps everything
    // up to the last simulated second (the buffer also stays small and warm in the cache).
    if (rec && w.time.us >= next_flush_us) {
      next_flush_us += 1000000;
      if (!rec->flush()) return fail("cannot write the flight log " + opt.log_path);
    }
    if (opt.progress && w.time.us >= next_progress_us) {
      next_progress_us += progress_us;
      opt.progress(static_cast<double>(w.time.us) / static_cast<double>(end_us));
    }
    // Real time x speed: wait for the wall clock at the log rate.
    if (opt.speed > 0 && log_tick) {
      const auto due = wall0 + std::chrono::microseconds(static_cast<int64_t>(
                                   static_cast<double>(w.time.us) / opt.speed));
      std::this_thread::sleep_until(due);
    }
  }
  if (!stop && std::all_of(w.aircraft.begin(), w.aircraft.end(), landed_and_done))
    outcome = RunOutcome::kCompleted;
  if (rec) {
    rec->event(0, w.time, kEventStop, std::string("run ended: ") + to_string(outcome));
    if (!rec->flush()) return fail("cannot write the flight log " + opt.log_path);
  }

  sum.outcome = outcome;
  sum.sim_time_s = w.time.seconds();
  for (const WorldAircraft& a : w.aircraft) {
    AircraftSummary s;
    s.id = a.id;
    s.crashed = a.state.crashed;
    s.landed = a.landed && !a.state.crashed;
    s.outcome = s.crashed ? RunOutcome::kCrashed
                          : (s.landed ? RunOutcome::kCompleted : RunOutcome::kTimeLimit);
    if (outcome == RunOutcome::kCompleted && !s.crashed) s.outcome = RunOutcome::kCompleted;
    s.flight_time_s = a.airborne_time_s;
    s.distance_km = a.distance_m / 1000.0;
    s.fuel_used_kg = a.initial_fuel_kg - total_fuel_kg(a.state.fuel_kg);
    s.max_altitude_m = a.max_alt_m;
    s.crash_impact_speed_mps = a.state.crash_impact_speed_mps;
    if (a.state.crash_contact >= 0)
      s.crash_contact =
          a.model.aircraft.contacts[static_cast<std::size_t>(a.state.crash_contact)].name;
    if (a.avionics) {
      s.nav = nav_summary(a.avionics->metrics);
      s.link.present = true;
      s.link.losses = a.avionics->link.losses;
      s.link.lost_s = a.avionics->link.lost_s;
      s.link.max_range_km = a.avionics->link.max_range_m / 1000.0;
    }
    if (a.flight && a.avionics && a.avionics->autopilot) {
      const AutopilotStatus& st = a.avionics->autopilot->status();
      s.autopilot = true;
      s.tracking = a.flight->tracking();
      s.touchdown = a.flight->touchdown();
      s.approach = a.flight->approach();
      s.go_arounds = st.go_arounds;
      s.structure_strike = a.flight->structure_strike();
      s.mode = std::string(to_string(st.mode));
      s.phase = std::string(to_string(st.phase));
      s.mission_current = st.mission.current_seq;
      s.mission_items_done = st.mission.items_done;
      s.mission_item_count = st.mission.item_count;
      s.mission_complete = st.mission.complete;
      s.mission_from_plan = st.mission.from_plan;
      const Autopilot& ap = *a.avionics->autopilot;
      const Geodetic end = geodetic_from_ecef(a.state.body.pos_ecef_m);
      s.stopped = s.landed && a.stopped && a.flight->on_runway(end);
      // The failsafes.
      bool terminated = false;
      for (const FailsafeNote& n : a.failsafe_notes) {
        s.failsafes.push_back({n.time_s, to_string(n.kind), to_string(n.action), n.text});
        terminated = terminated || n.action == FailsafeAction::kTerminate;
      }
      s.failsafe_action = to_string(st.failsafe.action);
      if (a.landed) s.fuel_at_landing_kg = a.fuel_at_landing_kg;
      const Eigen::Vector2d end_ne = ap.local_ne(end.lat_rad, end.lon_rad);
      s.final_north_m = end_ne.x();
      s.final_east_m = end_ne.y();
      s.final_distance_from_home_m = end_ne.norm();
      if (terminated) {
        const Result<double> tn = ap.get_param("FS_TERM_N"), te = ap.get_param("FS_TERM_E");
        if (tn.ok() && te.ok())
          s.termination_distance_m = (end_ne - Eigen::Vector2d(tn.value(), te.value())).norm();
      }
      if (st.glide.valid) {
        const GlidePrediction& g = st.glide;
        const WorldAircraft::GlideTrack& tr = a.glide_track;
        s.glide.present = true;
        s.glide.start_time_s = g.start_time_s;
        s.glide.distance_m = g.distance_m;
        s.glide.start_height_m = g.start_height_m;
        s.glide.predicted_loss_m = g.predicted_loss_m;
        s.glide.reached = tr.start_time_s == g.start_time_s && tr.inside;
        if (s.glide.reached) {
          s.glide.closest_m = tr.closest_m;
          s.glide.actual_loss_m = g.start_height_m - tr.height_at_closest_m;
          s.glide.error_fraction =
              std::abs(s.glide.actual_loss_m) > 1e-9
                  ? (s.glide.actual_loss_m - g.predicted_loss_m) / s.glide.actual_loss_m
                  : 0.0;
          s.glide.vertical_air_m = tr.vertical_air_at_closest_m;
          const double still_loss = s.glide.actual_loss_m + s.glide.vertical_air_m;
          s.glide.airmass_error_fraction =
              std::abs(still_loss) > 1e-9 ? (still_loss - g.predicted_loss_m) / still_loss : 0.0;
        }
      }
    }
    sum.aircraft.push_back(s);
  }
  sum.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  sum.realtime_factor = sum.sim_time_s / std::max(sum.wall_time_s, 1e-9);
  return sum;
}

}  // namespace kestrel
