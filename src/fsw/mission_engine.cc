#include "fsw/mission_engine.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <utility>

#include "core/types.h"

namespace kestrel {
namespace {

namespace cmd = mission::mav_cmd;
using Kind = MissionCommand::Kind;

constexpr double kMinFlightHeightM = 20, kMaxFlightHeightM = 9000;  // as the scenario list's
constexpr double kLandCrossM = 100, kLandBeforeM = 500;             // NAV_LAND point: on the runway

Eigen::Vector2d right_of(const Eigen::Vector2d& u) { return {-u.y(), u.x()}; }

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

const char* kind_name(uint16_t command) {
  const std::string_view n = mission::mav_cmd_name(command);
  return n.empty() ? "" : n.data();  // the table's names are literals (NUL-terminated)
}

}  // namespace

bool is_nav(MissionCommand::Kind k) { return k <= Kind::kLand; }

void mission_announce(MissionStatus& st, double time_s, int seq, const char* fmt, ...) {
  MissionEvent& ev = st.events[st.event_count % kMissionEventRing];
  ev.time_s = time_s;
  ev.seq = seq;
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(ev.text, sizeof ev.text, fmt, args);
  va_end(args);
  ++st.event_count;
}

// ---- Compiling ----------------------------------------------------------------------------------

std::vector<mission::ItemProblem> compile_plan(const mission::Plan& plan, const AutopilotSite& site,
                                               const MissionLimits& limits,
                                               std::vector<MissionCommand>* out) {
  std::vector<mission::ItemProblem> problems = mission::validate_items(plan);
  const LocalFrame frame = LocalFrame::at(site);
  const Eigen::Vector2d thr = frame.ne(site.threshold_lat_rad, site.threshold_lon_rad);
  const Eigen::Vector2d u(std::cos(site.runway_heading_rad), std::sin(site.runway_heading_rad));
  const int n = static_cast<int>(plan.items.size());
  std::vector<MissionCommand> cmds;
  cmds.reserve(plan.items.size());
  for (const mission::MissionItem& it : plan.items) {
    MissionCommand c;
    c.seq = it.seq;
    c.command = it.command;
    const std::string head = "item " + std::to_string(it.seq) + ": " +
                             std::string(mission::mav_cmd_name(it.command)) + ": ";
    const auto problem = [&](const std::string& what) {
      problems.push_back({it.seq, head + what});
    };
    if (!mission::is_supported_command(it.command)) {  // validate_items() has said so
      cmds.push_back(c);
      continue;
    }
    if (mission::command_has_location(it.command)) {
      c.has_position = true;
      c.lat_deg = it.x;
      c.lon_deg = it.y;
      c.ne = frame.ne(it.x * kRadPerDeg, it.y * kRadPerDeg);
      c.alt_m = it.z;
      c.alt_relative = mission::is_relative_alt_frame(it.frame);
    }
    // Height above home of the item's altitude (for the checks; flown with home as it is then).
    const double above_home_m = c.alt_relative ? c.alt_m : c.alt_m - site.home_alt_amsl_m;
    const auto flight_height = [&] {
      if (std::isfinite(above_home_m) &&
          (above_home_m < kMinFlightHeightM || above_home_m > kMaxFlightHeightM)) {
        problem("altitude " + num(c.alt_m) + " m " +
                (c.alt_relative ? "above home" : "AMSL (" + num(above_home_m) + " m above home)") +
                " is outside the flyable heights, " + num(kMinFlightHeightM) + " to " +
                num(kMaxFlightHeightM) + " m above home");
      }
    };
    const auto circle = [&](double signed_radius_m) {
      c.radius_m = std::abs(signed_radius_m);
      c.direction = signed_radius_m < 0 ? -1 : 1;
      if (c.radius_m > 0 && std::isfinite(above_home_m)) {
        const double r_min = min_turn_radius_m(
            limits.loiter_eas_mps, site.home_alt_amsl_m + above_home_m, limits.bank_max_rad);
        if (c.radius_m < r_min) {
          problem("radius " + num(c.radius_m) + " m is below the minimum turn radius " +
                  num(std::ceil(r_min)) +
                  " m at this height (ARSPD_LOITER, NPFG_BANK_MAX); 0 flies LOIT_RADIUS");
        }
      }
    };
    switch (it.command) {
      case cmd::kNavWaypoint:
        c.kind = Kind::kWaypoint;
        c.acceptance_m = it.param2;
        if (it.param1 > 0)
          problem("param1 (hold time) " + num(it.param1) +
                  " s: a fixed wing cannot hold at a waypoint; use NAV_LOITER_TIME");
        if (it.param3 != 0)
          problem(
              "param3 (pass radius) " + num(it.param3) +
              " m is not supported (0: the leg passes through the waypoint, turns anticipated)");
        flight_height();
        break;
      case cmd::kNavLoiterUnlim:
        c.kind = Kind::kLoiter;
        circle(it.param3);
        flight_height();
        break;
      case cmd::kNavLoiterTurns:
        c.kind = Kind::kLoiter;
        c.exit_on_turns = true;
        c.turns = it.param1;
        c.heading_required = it.param2 == 1;
        circle(it.param3);
        flight_height();
        break;
      case cmd::kNavLoiterTime:
        c.kind = Kind::kLoiter;
        c.exit_on_time = true;
        c.time_s = it.param1;
        c.heading_required = it.param2 == 1;
        circle(it.param3);
        flight_height();
        break;
      case cmd::kNavLoiterToAlt:
        c.kind = Kind::kLoiterToAlt;
        c.heading_required = it.param1 == 1;
        circle(it.param2);
        flight_height();
        break;
      case cmd::kNavReturnToLaunch:
        c.kind = Kind::kRtl;
        break;
      case cmd::kNavTakeoff:
        c.kind = Kind::kTakeoff;
        flight_height();
        break;
      case cmd::kNavLand: {
        c.kind = Kind::kLand;
        if (it.param2 != 0)
          problem("param2 (precision land mode) " + num(it.param2) +
                  ": precision landing is not supported (no landing-target sensor); use 0");
        const Eigen::Vector2d d = c.ne - thr;
        const double along = d.dot(u), cross = d.dot(right_of(u));
        if (!(std::abs(cross) <= kLandCrossM && along >= -kLandBeforeM &&
              along <= site.runway_length_m)) {
          problem("the landing point is " + num(std::round(along)) + " m along and " +
                  num(std::round(cross)) +
                  " m across from the runway threshold: the automatic landing lands on the "
                  "site's runway (its threshold and heading), so the point must lie on it "
                  "(within " +
                  num(kLandCrossM) + " m of the centreline, from " + num(kLandBeforeM) +
                  " m before the threshold to the runway's end)");
        }
        break;
      }
      case cmd::kConditionDelay:
        c.kind = Kind::kDelay;
        c.value = it.param1;
        break;
      case cmd::kConditionDistance:
        c.kind = Kind::kDistance;
        c.value = it.param1;
        break;
      case cmd::kDoJump:
        c.kind = Kind::kJump;
        c.jump_index = std::isfinite(it.param1) ? static_cast<int>(it.param1) - 1 : -1;
        c.repeat = std::isfinite(it.param2) ? static_cast<int>(it.param2) : 0;
        break;
      case cmd::kDoChangeSpeed:
        c.kind = Kind::kChangeSpeed;
        c.value = it.param2;
        if (it.param1 != 0)
          problem("param1 (speed type) " + num(it.param1) +
                  ": only airspeed (0) is supported; the autopilot flies airspeeds (TECS)");
        if (it.param2 >= 0 && (it.param2 < limits.min_eas_mps || it.param2 > limits.max_eas_mps))
          problem("param2 (speed) " + num(it.param2) +
                  " m/s is outside [ARSPD_MIN, ARSPD_MAX] = [" + num(limits.min_eas_mps) + ", " +
                  num(limits.max_eas_mps) + "] m/s");
        if (!(it.param3 == -1 || it.param3 == -2))
          problem("param3 (throttle) " + num(it.param3) +
                  " %: a throttle setting is not supported (TECS sets the throttle); use -1");
        break;
      case cmd::kDoSetHome:
        c.kind = Kind::kSetHome;
        c.flag = it.param1 == 1;
        break;
      case cmd::kDoLandStart:
        c.kind = Kind::kLandStart;
        break;
      case cmd::kDoSetRoiLocation:
        c.kind = Kind::kRoi;
        c.value = it.param1;
        break;
      case cmd::kDoSetRoiNone:
        c.kind = Kind::kRoiNone;
        c.value = it.param1;
        break;
      case cmd::kDoDigicamControl:
        c.kind = Kind::kDigicam;
        c.value = it.x;  // param5: shoot command
        break;
      case cmd::kDoSetCamTriggDist:
        c.kind = Kind::kCamTriggDist;
        c.value = it.param1;
        c.flag = it.param3 == 1;
        break;
      default:
        break;
    }
    cmds.push_back(c);
  }
  // A DO_JUMP back over items with nothing to fly would spin without flying.
  for (int j = 0; j < n; ++j) {
    const MissionCommand& c = cmds[static_cast<std::size_t>(j)];
    if (c.kind != Kind::kJump || c.command != cmd::kDoJump || c.jump_index < 0 || c.jump_index >= j)
      continue;
    bool flies = false;
    for (int k = c.jump_index; k < j; ++k)
      flies = flies || is_nav(cmds[static_cast<std::size_t>(k)].kind);
    if (!flies) {
      problems.push_back({c.seq, "item " + std::to_string(c.seq) + ": DO_JUMP: items " +
                                     std::to_string(c.jump_index + 1) + " to " +
                                     std::to_string(c.seq - 1) +
                                     " hold no navigation item: the loop would repeat without "
                                     "flying"});
    }
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const mission::ItemProblem& a, const mission::ItemProblem& b) { return a.seq < b.seq; });
  if (problems.empty() && out) *out = std::move(cmds);
  return problems;
}

std::vector<MissionCommand> compile_list(const Mission& mission, const AutopilotSite& site) {
  const LocalFrame frame = LocalFrame::at(site);
  std::vector<MissionCommand> cmds;
  cmds.reserve(mission.items.size());
  int seq = 0;
  for (const MissionItem& it : mission.items) {
    MissionCommand c;
    c.seq = ++seq;
    c.has_position = true;
    c.ne = {it.north_m, it.east_m};
    c.alt_m = it.alt_m;
    c.alt_relative = true;
    c.radius_m = it.radius_m;
    c.direction = it.direction >= 0 ? 1 : -1;
    c.airspeed_eas_mps = it.airspeed_eas_mps;
    c.time_s = it.time_s;
    c.until_fuel_kg = it.until_fuel_kg;
    switch (it.kind) {
      case MissionItem::Kind::kTakeoff:
        c.kind = Kind::kTakeoff;
        c.command = cmd::kNavTakeoff;
        c.ne = Eigen::Vector2d::Zero();
        break;
      case MissionItem::Kind::kWaypoint:
        c.kind = Kind::kWaypoint;
        c.command = cmd::kNavWaypoint;
        break;
      case MissionItem::Kind::kLoiter:
        c.kind = Kind::kLoiter;
        c.exit_on_turns = it.turns > 0;
        c.turns = it.turns;
        c.exit_on_time = it.time_s > 0;
        c.command = c.exit_on_turns  ? cmd::kNavLoiterTurns
                    : c.exit_on_time ? cmd::kNavLoiterTime
                                     : cmd::kNavLoiterUnlim;
        break;
      case MissionItem::Kind::kRacetrack:
        c.kind = Kind::kRacetrack;
        c.command = 0;
        c.exit_on_time = it.time_s > 0;
        c.length_m = it.length_m;
        c.axis_heading_rad = it.axis_heading_rad;
        break;
      case MissionItem::Kind::kRtl:
        c.kind = Kind::kRtl;
        c.command = cmd::kNavReturnToLaunch;
        c.has_position = false;
        break;
      case MissionItem::Kind::kLand:
        c.kind = Kind::kLand;
        c.command = cmd::kNavLand;
        c.ne = frame.ne(site.threshold_lat_rad, site.threshold_lon_rad);
        c.alt_m = 0;
        break;
    }
    const Eigen::Vector2d ll = frame.lat_lon(c.ne);
    c.lat_deg = ll.x() * kDegPerRad;
    c.lon_deg = ll.y() * kDegPerRad;
    cmds.push_back(c);
  }
  return cmds;
}

// ---- The engine ---------------------------------------------------------------------------------

void MissionEngine::set_site(const AutopilotSite& site, MissionStatus& st) {
  geoid_height_m_ = site.home_height_m - site.home_alt_amsl_m;
  st.home_ne = Eigen::Vector2d::Zero();
  st.home_height_m = site.home_height_m;
}

void MissionEngine::load(std::vector<MissionCommand> commands, bool from_plan, MissionStatus& st) {
  cmds_ = std::move(commands);
  const std::size_t n = cmds_.size();
  jumps_done_.assign(n, 0);
  // A walk visits each command once between two navigation commands, more only through a
  // DO_JUMP loop; compile_plan() refuses loops without a navigation command, so this bound is
  // a guard, not a limit a sane mission meets.
  walk_limit_ = static_cast<int>(4 * n + 64);
  queue_.clear();
  queue_.reserve(static_cast<std::size_t>(walk_limit_));
  queue_head_ = 0;
  land_starts_.clear();
  for (std::size_t i = 0; i < n; ++i)
    if (cmds_[i].kind == Kind::kLandStart) land_starts_.push_back(static_cast<int>(i));
  nav_ = next_nav_ = last_nav_ = -1;
  condition_elapsed_s_ = 0;
  st.item_count = static_cast<int>(n);
  st.from_plan = from_plan;
  st.current_seq = 0;
  st.current_command = 0;
  st.items_done = 0;
  st.complete = false;
  st.distance_to_go_m = st.turns_done = st.time_left_s = -1;
  st.height_to_go_m = 0;
  st.condition_seq = 0;
  st.condition_left = 0;
  st.airspeed_eas_mps = 0;
  st.roi_active = false;
  st.cam_trigger_distance_m = 0;
  st.camera_shots = 0;
}

double MissionEngine::height_m(const MissionCommand& c, const MissionStatus& st) const {
  return c.alt_relative ? st.home_height_m + c.alt_m : c.alt_m + geoid_height_m_;
}

Eigen::Vector2d MissionEngine::point(const MissionCommand& c, const MissionStatus& st) const {
  return c.kind == Kind::kRtl ? st.home_ne : c.ne;
}

int MissionEngine::peek_nav(int index) const {
  const int n = size();
  int i = index, visited = 0;
  while (i >= 0 && i < n && ++visited <= walk_limit_) {
    const MissionCommand& m = cmds_[static_cast<std::size_t>(i)];
    if (is_nav(m.kind)) return i;
    if (m.kind == Kind::kJump &&
        (m.repeat < 0 || jumps_done_[static_cast<std::size_t>(i)] < m.repeat)) {
      i = m.jump_index;
      continue;
    }
    ++i;
  }
  return -1;
}

void MissionEngine::walk(int index, const MissionContext& c, MissionStatus& st) {
  const int n = size();
  queue_.clear();
  queue_head_ = 0;
  condition_elapsed_s_ = 0;
  nav_ = n;
  int i = index, visited = 0;
  while (i >= 0 && i < n) {
    if (++visited > walk_limit_) {
      mission_announce(st, c.time_s, 0,
                       "mission: DO_JUMP loop without a navigation item, mission ended");
      queue_.clear();
      break;
    }
    const MissionCommand& m = cmds_[static_cast<std::size_t>(i)];
    if (is_nav(m.kind)) {
      nav_ = i;
      break;
    }
    if (m.kind == Kind::kJump) {
      int& done = jumps_done_[static_cast<std::size_t>(i)];
      if (m.repeat < 0 || done < m.repeat) {
        if (done < INT_MAX) ++done;
        if (m.repeat < 0) {
          mission_announce(st, c.time_s, m.seq, "item %d: DO_JUMP to item %d (%d, for ever)", m.seq,
                           m.jump_index + 1, done);
        } else {
          mission_announce(st, c.time_s, m.seq, "item %d: DO_JUMP to item %d (%d of %d)", m.seq,
                           m.jump_index + 1, done, m.repeat);
        }
        i = m.jump_index;
        continue;
      }
      ++i;
      continue;
    }
    if (queue_.size() < queue_.capacity()) queue_.push_back(i);
    ++i;
  }
  next_nav_ = nav_ < n ? peek_nav(nav_ + 1) : -1;
  st.complete = nav_ >= n;
  st.current_seq = st.complete ? n + 1 : cmds_[static_cast<std::size_t>(nav_)].seq;
  st.current_command = st.complete ? 0 : cmds_[static_cast<std::size_t>(nav_)].command;
  st.distance_to_go_m = st.turns_done = st.time_left_s = -1;
  st.condition_seq = 0;
  st.condition_left = 0;
  if (st.complete && n > 0) mission_announce(st, c.time_s, 0, "mission complete");
  // The commands that run at once do so now, before the navigation command's first step.
  update(c, 0.0, st);
}

void MissionEngine::start(int index, const MissionContext& c, MissionStatus& st) {
  walk(std::clamp(index, 0, size()), c, st);
}

void MissionEngine::nav_done(const MissionContext& c, MissionStatus& st) {
  if (nav_ < 0 || nav_ >= size()) return;
  last_nav_ = nav_;
  ++st.items_done;
  if (queue_head_ < queue_.size()) {
    const MissionCommand& head = cmds_[static_cast<std::size_t>(queue_[queue_head_])];
    mission_announce(st, c.time_s, head.seq,
                     "item %d: %s not met before item %d was reached: %d item(s) skipped", head.seq,
                     kind_name(head.command), cmds_[static_cast<std::size_t>(nav_)].seq,
                     static_cast<int>(queue_.size() - queue_head_));
  }
  walk(nav_ + 1, c, st);
}

void MissionEngine::update(const MissionContext& c, double dt_s, MissionStatus& st) {
  while (queue_head_ < queue_.size()) {
    if (!run_one(queue_[queue_head_], c, dt_s, st)) return;
    ++queue_head_;
    condition_elapsed_s_ = 0;
    dt_s = 0;  // the next condition starts its wait now
  }
  st.condition_seq = 0;
  st.condition_left = 0;
}

// Runs one DO or CONDITION command; false while a condition holds the queue.
bool MissionEngine::run_one(int index, const MissionContext& c, double dt_s, MissionStatus& st) {
  const MissionCommand& m = cmds_[static_cast<std::size_t>(index)];
  const double t = c.time_s;
  switch (m.kind) {
    case Kind::kDelay:
      condition_elapsed_s_ += dt_s;
      st.condition_seq = m.seq;
      st.condition_left = std::max(m.value - condition_elapsed_s_, 0.0);
      return condition_elapsed_s_ >= m.value;
    case Kind::kDistance: {
      if (nav_ < 0 || nav_ >= size()) return true;  // nothing flown: nothing to be near
      const double d = (point(cmds_[static_cast<std::size_t>(nav_)], st) - c.ne).norm();
      st.condition_seq = m.seq;
      st.condition_left = std::max(d - m.value, 0.0);
      return d <= m.value;
    }
    case Kind::kChangeSpeed:
      if (m.value == -2) {
        st.airspeed_eas_mps = 0;
        mission_announce(st, t, m.seq, "item %d: DO_CHANGE_SPEED: airspeed back to the defaults",
                         m.seq);
      } else if (m.value >= 0) {
        st.airspeed_eas_mps = m.value;
        mission_announce(st, t, m.seq, "item %d: DO_CHANGE_SPEED: airspeed %.1f m/s", m.seq,
                         m.value);
      }
      return true;
    case Kind::kSetHome:
      if (m.flag) {
        st.home_ne = c.ne;
        st.home_height_m = c.height_m;
        mission_announce(st, t, m.seq, "item %d: DO_SET_HOME: home set to the present position",
                         m.seq);
      } else {
        st.home_height_m = height_m(m, st);  // its altitude with the home it replaces
        st.home_ne = m.ne;
        mission_announce(st, t, m.seq, "item %d: DO_SET_HOME: home %.6f, %.6f", m.seq, m.lat_deg,
                         m.lon_deg);
      }
      return true;
    case Kind::kRoi:
      st.roi_active = true;
      st.roi_ne = m.ne;
      st.roi_height_m = height_m(m, st);
      mission_announce(st, t, m.seq,
                       "item %d: DO_SET_ROI_LOCATION %.6f, %.6f, %.0f m (no payload: state only)",
                       m.seq, m.lat_deg, m.lon_deg, m.alt_m);
      return true;
    case Kind::kRoiNone:
      st.roi_active = false;
      mission_announce(st, t, m.seq, "item %d: DO_SET_ROI_NONE (no payload: state only)", m.seq);
      return true;
    case Kind::kDigicam:
      if (m.value == 1) {
        ++st.camera_shots;
        mission_announce(st, t, m.seq, "item %d: DO_DIGICAM_CONTROL: shot %d (no payload)", m.seq,
                         st.camera_shots);
      } else {
        mission_announce(st, t, m.seq, "item %d: DO_DIGICAM_CONTROL (no payload: state only)",
                         m.seq);
      }
      return true;
    case Kind::kCamTriggDist:
      st.cam_trigger_distance_m = m.value;
      if (m.flag) ++st.camera_shots;
      mission_announce(st, t, m.seq, "item %d: DO_SET_CAM_TRIGG_DIST %.0f m%s (no payload)", m.seq,
                       m.value, m.flag ? ", one shot now" : "");
      return true;
    case Kind::kLandStart:
    case Kind::kJump:  // jumps are followed by the walk, never queued
    default:
      return true;
  }
}

int MissionEngine::land_start(const Eigen::Vector2d& ne) const {
  int best = -1;
  double best_d = 0;
  for (int i : land_starts_) {
    const MissionCommand& m = cmds_[static_cast<std::size_t>(i)];
    Eigen::Vector2d p = m.ne;
    if (m.lat_deg == 0 && m.lon_deg == 0) {
      // No position of its own: the first navigation command of the sequence stands for it.
      const int k = peek_nav(i + 1);
      p = k >= 0 ? cmds_[static_cast<std::size_t>(k)].ne : m.ne;
    }
    const double d = (p - ne).norm();
    if (best < 0 || d < best_d) {
      best = i;
      best_d = d;
    }
  }
  return best;
}

}  // namespace kestrel
