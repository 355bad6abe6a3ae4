// Writes a small ULog file with known values through kestrel::UlogWriter and prints, on stdout,
// what an independent reader must find in it, as the JSON that tests/ulog_js/read_ulog.mjs
// prints (see there). Used by tests/ulog_foxglove_test.sh:  ulog_sample_writer OUT.ulg
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "log/ulog.h"

namespace {

using kestrel::UlogField;
using kestrel::UlogType;
using Json = nlohmann::ordered_json;

#pragma pack(push, 1)
struct Truth {  // doubles, floats, a bool, a char array (not a scalar: not reported)
  uint64_t timestamp;
  double lat_deg, lon_deg, alt_m;
  float roll_rad, tas_mps;
  uint8_t on_ground;
  char phase[8];
};
struct Counters {  // every integer type, at and beyond JSON's safe integers
  uint64_t timestamp;
  int8_t i8;
  uint8_t u8;
  int16_t i16;
  uint16_t u16;
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  uint64_t u64;
  bool flag;
  float nan_or_inf;
  double gear_n[3];
  uint8_t _padding0[5];
};
#pragma pack(pop)

// JSON for one value the way read_ulog.mjs writes it: integers beyond 2^53 and non-finite
// floating values as strings.
Json num(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}
template <typename I>
Json integer(I v) {
  constexpr long double kSafe = 9007199254740991.0L;
  if (static_cast<long double>(v) > kSafe || static_cast<long double>(v) < -kSafe)
    return std::to_string(v);
  return v;
}

Truth truth(int i, int aircraft) {
  Truth t{};
  t.timestamp = 20000ull * static_cast<uint64_t>(i);
  t.lat_deg = 31.2345678901234 + 1e-6 * i + aircraft;
  t.lon_deg = 34.8765432109876 - 2e-6 * i;
  t.alt_m = 100.0 + 0.5 * i + 1000.0 * aircraft;
  t.roll_rad = 0.01f * static_cast<float>(i) - 0.3f;
  t.tas_mps = 30.1f + static_cast<float>(aircraft);
  t.on_ground = i < 10 ? 1 : 0;
  std::snprintf(t.phase, sizeof(t.phase), "%s", i < 10 ? "ground" : "climb");
  return t;
}

Counters counters(int i) {
  Counters c{};
  c.timestamp = 50000ull * static_cast<uint64_t>(i) + 7;
  c.i8 = static_cast<int8_t>(-128 + i);
  c.u8 = static_cast<uint8_t>(255 - i);
  c.i16 = static_cast<int16_t>(-32768 + i);
  c.u16 = static_cast<uint16_t>(65535 - i);
  c.i32 = std::numeric_limits<int32_t>::min() + i;
  c.u32 = std::numeric_limits<uint32_t>::max() - static_cast<uint32_t>(i);
  c.i64 = i == 0 ? -9007199254740991ll : std::numeric_limits<int64_t>::min() + i;
  c.u64 = i == 0 ? 9007199254740991ull : std::numeric_limits<uint64_t>::max() - i;
  c.flag = (i % 2) == 1;
  c.nan_or_inf =
      i == 0 ? std::numeric_limits<float>::quiet_NaN() : -std::numeric_limits<float>::infinity();
  c.gear_n[0] = c.gear_n[1] = c.gear_n[2] = 1.0 * i;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: ulog_sample_writer OUT.ulg\n");
    return 2;
  }
  auto opened = kestrel::UlogWriter::open(argv[1]);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  kestrel::UlogWriter& w = *opened.value();
  Json expect;
  expect["version"] = 1;

  w.add_info("sys_name", "Kestrel");
  w.add_info("ver_sw", "ulog-sample");
  expect["info"] = {{"sys_name", "Kestrel"}, {"ver_sw", "ulog-sample"}};
  w.add_parameter("TRIM_ARSPD", 32.5f);
  w.add_parameter("GAIN_P", 0.1f);
  expect["params"] = {{"TRIM_ARSPD", 32.5}, {"GAIN_P", static_cast<double>(0.1f)}};

  const int f_truth = w.add_format("vehicle_truth", {{UlogType::kUint64, 0, "timestamp"},
                                                     {UlogType::kDouble, 0, "lat_deg"},
                                                     {UlogType::kDouble, 0, "lon_deg"},
                                                     {UlogType::kDouble, 0, "alt_m"},
                                                     {UlogType::kFloat, 0, "roll_rad"},
                                                     {UlogType::kFloat, 0, "tas_mps"},
                                                     {UlogType::kUint8, 0, "on_ground"},
                                                     {UlogType::kChar, 8, "phase"}});
  const int f_counters = w.add_format("counters", {{UlogType::kUint64, 0, "timestamp"},
                                                   {UlogType::kInt8, 0, "i8"},
                                                   {UlogType::kUint8, 0, "u8"},
                                                   {UlogType::kInt16, 0, "i16"},
                                                   {UlogType::kUint16, 0, "u16"},
                                                   {UlogType::kInt32, 0, "i32"},
                                                   {UlogType::kUint32, 0, "u32"},
                                                   {UlogType::kInt64, 0, "i64"},
                                                   {UlogType::kUint64, 0, "u64"},
                                                   {UlogType::kBool, 0, "flag"},
                                                   {UlogType::kFloat, 0, "nan_or_inf"},
                                                   {UlogType::kDouble, 3, "gear_n"},
                                                   {UlogType::kUint8, 5, "_padding0"}});
  const int truth0 = w.subscribe(f_truth, 0);
  const int truth1 = w.subscribe(f_truth, 1);
  const int count0 = w.subscribe(f_counters, 0);

  constexpr int kTruthN = 50, kCountersN = 20;
  w.log_string(kestrel::kUlogInfo, 0, "scenario sample: start");
  for (int i = 0; i < kTruthN; ++i) {
    w.write(truth0, truth(i, 0));
    w.write(truth1, truth(i, 1));
    if (i < kCountersN) w.write(count0, counters(i));
    if (i == 25) {
      if (auto s = w.flush(); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.error().message.c_str());
        return 1;
      }
    }
  }
  w.log_string(kestrel::kUlogWarning, 980000, "engine stopped");
  if (auto s = w.close(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    return 1;
  }

  Json topics = Json::object();
  for (int a = 0; a < 2; ++a) {
    const Truth first = truth(0, a), last = truth(kTruthN - 1, a);
    Json fields = Json::object();
    fields["timestamp"] = {{"first", integer(first.timestamp)}, {"last", integer(last.timestamp)}};
    fields["lat_deg"] = {{"first", num(first.lat_deg)}, {"last", num(last.lat_deg)}};
    fields["lon_deg"] = {{"first", num(first.lon_deg)}, {"last", num(last.lon_deg)}};
    fields["alt_m"] = {{"first", num(first.alt_m)}, {"last", num(last.alt_m)}};
    fields["roll_rad"] = {{"first", num(first.roll_rad)}, {"last", num(last.roll_rad)}};
    fields["tas_mps"] = {{"first", num(first.tas_mps)}, {"last", num(last.tas_mps)}};
    fields["on_ground"] = {{"first", +first.on_ground}, {"last", +last.on_ground}};
    topics["vehicle_truth:" + std::to_string(a)] = {
        {"name", "vehicle_truth"}, {"multi_id", a}, {"count", kTruthN}, {"fields", fields}};
  }
  {
    const Counters first = counters(0), last = counters(kCountersN - 1);
    Json fields = Json::object();
    auto both = [&](const char* name, Json f, Json l) {
      fields[name] = {{"first", std::move(f)}, {"last", std::move(l)}};
    };
    both("timestamp", integer(first.timestamp), integer(last.timestamp));
    both("i8", +first.i8, +last.i8);
    both("u8", +first.u8, +last.u8);
    both("i16", +first.i16, +last.i16);
    both("u16", +first.u16, +last.u16);
    both("i32", +first.i32, +last.i32);
    both("u32", +first.u32, +last.u32);
    both("i64", integer(first.i64), integer(last.i64));
    both("u64", integer(first.u64), integer(last.u64));
    both("flag", static_cast<bool>(first.flag), static_cast<bool>(last.flag));
    both("nan_or_inf", num(first.nan_or_inf), num(last.nan_or_inf));
    topics["counters:0"] = {
        {"name", "counters"}, {"multi_id", 0}, {"count", kCountersN}, {"fields", fields}};
  }
  expect["topic_count"] = 3;
  expect["topics"] = topics;
  expect["strings"] = Json::array(
      {{{"level", kestrel::kUlogInfo}, {"timestamp", 0}, {"text", "scenario sample: start"}},
       {{"level", kestrel::kUlogWarning}, {"timestamp", 980000}, {"text", "engine stopped"}}});
  std::printf("%s\n", expect.dump(2).c_str());
  return 0;
}
