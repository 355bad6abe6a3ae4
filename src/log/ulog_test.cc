#include "log/ulog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

namespace kestrel {
namespace {

#pragma pack(push, 1)
struct Scalars {
  uint64_t timestamp;
  uint8_t u8;
  int8_t i8;
  uint16_t u16;
  int16_t i16;
  uint32_t u32;
  int32_t i32;
  uint64_t u64;
  int64_t i64;
  float f;
  double d;
  bool b;
  char c;
};
struct Arrays {
  uint64_t timestamp;
  float v[3];
  int16_t s[4];
  double d[2];
  char label[10];
  uint8_t _padding0[3];
};
#pragma pack(pop)

// Naturally aligned, with the gap filled by an explicit padding field (the other supported way).
struct Aligned {
  uint64_t timestamp;
  float x;
  uint8_t _padding0[4];
  double y;
};
static_assert(sizeof(Aligned) == 24);

const std::vector<UlogField> kScalarFields = {{UlogType::kUint64, 0, "timestamp"},
                                              {UlogType::kUint8, 0, "u8"},
                                              {UlogType::kInt8, 0, "i8"},
                                              {UlogType::kUint16, 0, "u16"},
                                              {UlogType::kInt16, 0, "i16"},
                                              {UlogType::kUint32, 0, "u32"},
                                              {UlogType::kInt32, 0, "i32"},
                                              {UlogType::kUint64, 0, "u64"},
                                              {UlogType::kInt64, 0, "i64"},
                                              {UlogType::kFloat, 0, "f"},
                                              {UlogType::kDouble, 0, "d"},
                                              {UlogType::kBool, 0, "b"},
                                              {UlogType::kChar, 0, "c"}};
const std::vector<UlogField> kArrayFields = {
    {UlogType::kUint64, 0, "timestamp"}, {UlogType::kFloat, 3, "v"},
    {UlogType::kInt16, 4, "s"},          {UlogType::kDouble, 2, "d"},
    {UlogType::kChar, 10, "label"},      {UlogType::kUint8, 3, "_padding0"}};
const std::vector<UlogField> kAlignedFields = {{UlogType::kUint64, 0, "timestamp"},
                                               {UlogType::kFloat, 0, "x"},
                                               {UlogType::kUint8, 4, "_padding0"},
                                               {UlogType::kDouble, 0, "y"}};

Scalars make_scalars(int i, int multi) {
  Scalars m{};
  m.timestamp = 1000000 + 20000 * static_cast<uint64_t>(i);
  m.u8 = static_cast<uint8_t>(250 + i);  // wraps
  m.i8 = static_cast<int8_t>(-100 - i);
  m.u16 = static_cast<uint16_t>(65000 + i);
  m.i16 = static_cast<int16_t>(-32000 + i * multi);
  m.u32 = 4000000000u + static_cast<uint32_t>(i);
  m.i32 = -2000000000 + i;
  m.u64 = 0xfedcba9876543210ull + static_cast<uint64_t>(i);
  m.i64 = -0x123456789abcdefll * (i % 100 + 1);  // no signed overflow for any i
  m.f = 0.1f * static_cast<float>(i) + static_cast<float>(multi);
  m.d = 1e-300 * i + 47.123456789012345 * multi;
  m.b = (i % 3) == 0;
  m.c = static_cast<char>('a' + i % 26);
  return m;
}

Arrays make_arrays(int i) {
  Arrays m{};
  m.timestamp = 1000000 + 40000 * static_cast<uint64_t>(i);
  for (int k = 0; k < 3; ++k) m.v[k] = static_cast<float>(i) * 1.5f - static_cast<float>(k);
  for (int k = 0; k < 4; ++k) m.s[k] = static_cast<int16_t>(i * 100 - k);
  m.d[0] = -1.0 / (i + 1);
  m.d[1] = 6378137.0 + i;
  // NUL-padded; i stays below 1000 in these tests, so the label fits.
  const std::string label = "msg" + std::to_string(i % 1000);
  std::memcpy(m.label, label.data(), std::min(label.size(), sizeof(m.label) - 1));
  return m;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("kestrel_ulog_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr int kScalarCount = 20, kArrayCount = 10;

// The reference log of these tests: three formats, a topic with two instances, info, params,
// logged strings.
void write_sample(const std::string& path) {
  auto w = UlogWriter::open(path);
  ASSERT_TRUE(w.ok()) << w.error().message;
  UlogWriter& u = *w.value();
  u.add_info("sys_name", "Kestrel");
  u.add_info("ver_sw", "0123abc");
  u.add_parameter("FW_AIRSPD_TRIM", 32.5f);
  u.add_parameter("MPC_XY_P", 0.95f);
  const int fs = u.add_format("scalars", kScalarFields);
  const int fa = u.add_format("arrays", kArrayFields);
  const int fl = u.add_format("aligned", kAlignedFields);
  const int s0 = u.subscribe(fs, 0);
  const int s1 = u.subscribe(fs, 1);
  const int a0 = u.subscribe(fa, 0);
  const int l0 = u.subscribe(fl, 0);
  u.log_string(kUlogInfo, 1000000, "takeoff");
  for (int i = 0; i < kScalarCount; ++i) {
    u.write(s0, make_scalars(i, 0));
    u.write(s1, make_scalars(i, 1));
    if (i < kArrayCount) u.write(a0, make_arrays(i));
    if (i == 5) {
      ASSERT_TRUE(u.flush().ok());
    }
  }
  u.write(l0, Aligned{5, 1.25f, {}, -2.5});
  u.log_string(kUlogWarning, 1380000, "engine stopped: fuel");
  ASSERT_TRUE(u.close().ok());
}

TEST(Ulog, PackedSizes) {
  EXPECT_EQ(ulog_packed_size(kScalarFields), sizeof(Scalars));
  EXPECT_EQ(ulog_packed_size(kArrayFields), sizeof(Arrays));
  EXPECT_EQ(ulog_packed_size(kAlignedFields), sizeof(Aligned));
  EXPECT_STREQ(ulog_type_name(UlogType::kInt64), "int64_t");
}

TEST(Ulog, RoundTripEveryValue) {
  const std::string path = temp_path("roundtrip.ulg");
  write_sample(path);
  auto r = read_ulog(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const UlogFile& f = r.value();
  EXPECT_FALSE(f.truncated);
  EXPECT_EQ(f.version, 1);
  EXPECT_EQ(f.start_timestamp_us, 0u);
  EXPECT_EQ(f.info.at("sys_name"), "Kestrel");
  EXPECT_EQ(f.info.at("ver_sw"), "0123abc");
  EXPECT_EQ(f.info.size(), 2u);
  EXPECT_EQ(f.params.at("FW_AIRSPD_TRIM"), 32.5f);
  EXPECT_EQ(f.params.at("MPC_XY_P"), 0.95f);
  ASSERT_EQ(f.formats.size(), 3u);
  EXPECT_EQ(f.formats[0].size, sizeof(Scalars));
  EXPECT_EQ(f.formats[1].size, sizeof(Arrays));
  EXPECT_EQ(f.formats[1].trailing_padding, 3u);
  ASSERT_EQ(f.subscriptions.size(), 4u);
  EXPECT_EQ(f.subscriptions[1].format_name, "scalars");
  EXPECT_EQ(f.subscriptions[1].multi_id, 1);
  EXPECT_EQ(f.subscriptions[1].msg_id, 1);

  // Every byte of every payload.
  const UlogSubscription* s0 = f.subscription("scalars", 0);
  const UlogSubscription* s1 = f.subscription("scalars", 1);
  const UlogSubscription* a0 = f.subscription("arrays", 0);
  ASSERT_TRUE(s0 && s1 && a0);
  ASSERT_EQ(f.message_count(s0->msg_id), static_cast<std::size_t>(kScalarCount));
  ASSERT_EQ(f.message_count(s1->msg_id), static_cast<std::size_t>(kScalarCount));
  ASSERT_EQ(f.message_count(a0->msg_id), static_cast<std::size_t>(kArrayCount));
  for (int i = 0; i < kScalarCount; ++i) {
    const Scalars m0 = make_scalars(i, 0), m1 = make_scalars(i, 1);
    EXPECT_EQ(std::memcmp(f.data.at(s0->msg_id).data() + i * sizeof(Scalars), &m0, sizeof(m0)), 0);
    EXPECT_EQ(std::memcmp(f.data.at(s1->msg_id).data() + i * sizeof(Scalars), &m1, sizeof(m1)), 0);
  }
  for (int i = 0; i < kArrayCount; ++i) {
    const Arrays m = make_arrays(i);
    EXPECT_EQ(std::memcmp(f.data.at(a0->msg_id).data() + i * sizeof(Arrays), &m, sizeof(m)), 0);
  }

  // The same through the field accessors, every scalar field.
  auto col = [&](const std::string& topic, uint8_t multi, const std::string& field) {
    auto v = f.field(topic, multi, field);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
    return v.ok() ? v.value() : std::vector<double>{};
  };
  for (uint8_t multi : {0, 1}) {
    const auto ts = f.timestamps("scalars", multi);
    ASSERT_TRUE(ts.ok());
    const auto u8 = col("scalars", multi, "u8"), i8 = col("scalars", multi, "i8");
    const auto u16 = col("scalars", multi, "u16"), i16 = col("scalars", multi, "i16");
    const auto u32 = col("scalars", multi, "u32"), i32 = col("scalars", multi, "i32");
    const auto u64 = col("scalars", multi, "u64"), i64 = col("scalars", multi, "i64");
    const auto fl = col("scalars", multi, "f"), d = col("scalars", multi, "d");
    const auto b = col("scalars", multi, "b"), c = col("scalars", multi, "c");
    ASSERT_EQ(u8.size(), static_cast<std::size_t>(kScalarCount));
    for (int i = 0; i < kScalarCount; ++i) {
      const Scalars m = make_scalars(i, multi);
      EXPECT_EQ(ts.value()[i], +m.timestamp);
      EXPECT_EQ(u8[i], +m.u8);
      EXPECT_EQ(i8[i], +m.i8);
      EXPECT_EQ(u16[i], +m.u16);
      EXPECT_EQ(i16[i], +m.i16);
      EXPECT_EQ(u32[i], +m.u32);
      EXPECT_EQ(i32[i], +m.i32);
      EXPECT_EQ(u64[i], static_cast<double>(m.u64));
      EXPECT_EQ(i64[i], static_cast<double>(m.i64));
      EXPECT_EQ(fl[i], +m.f);
      EXPECT_EQ(d[i], +m.d);
      EXPECT_EQ(b[i], m.b ? 1.0 : 0.0);
      EXPECT_EQ(c[i], +m.c);
    }
  }
  const auto v2 = col("arrays", 0, "v[2]"), s3 = col("arrays", 0, "s[3]");
  const auto d1 = col("arrays", 0, "d[1]");
  const auto labels = f.text_field("arrays", 0, "label");
  ASSERT_TRUE(labels.ok());
  for (int i = 0; i < kArrayCount; ++i) {
    const Arrays m = make_arrays(i);
    EXPECT_EQ(v2[i], +m.v[2]);
    EXPECT_EQ(s3[i], +m.s[3]);
    EXPECT_EQ(d1[i], +m.d[1]);
    EXPECT_EQ(labels.value()[i], "msg" + std::to_string(i));
  }
  EXPECT_EQ(col("aligned", 0, "x"), std::vector<double>{1.25});
  EXPECT_EQ(col("aligned", 0, "y"), std::vector<double>{-2.5});

  // Accessor errors name the problem.
  EXPECT_FALSE(f.field("scalars", 2, "u8").ok());
  EXPECT_FALSE(f.field("nope", 0, "u8").ok());
  EXPECT_FALSE(f.field("scalars", 0, "nope").ok());
  EXPECT_NE(f.field("arrays", 0, "v").error().message.find("array"), std::string::npos);
  EXPECT_FALSE(f.field("arrays", 0, "v[3]").ok());

  ASSERT_EQ(f.strings.size(), 2u);
  EXPECT_EQ(f.strings[0].level, kUlogInfo);
  EXPECT_EQ(f.strings[0].timestamp_us, 1000000u);
  EXPECT_EQ(f.strings[0].text, "takeoff");
  EXPECT_EQ(f.strings[1].level, kUlogWarning);
  EXPECT_EQ(f.strings[1].text, "engine stopped: fuel");
  std::filesystem::remove(path);
}

TEST(Ulog, IdenticalCallsGiveIdenticalBytes) {
  const std::string a = temp_path("a.ulg"), b = temp_path("b.ulg");
  write_sample(a);
  write_sample(b);
  const auto ba = file_bytes(a), bb = file_bytes(b);
  EXPECT_GT(ba.size(), 1000u);
  EXPECT_EQ(ba, bb);
  // The header: magic, version 1, timestamp 0.
  const uint8_t header[16] = {0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35, 0x01,
                              0,    0,    0,    0,    0,    0,    0,    0};
  EXPECT_EQ(std::memcmp(ba.data(), header, 16), 0);
  EXPECT_EQ(ba[18], 'B');  // flag bits come first
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}

TEST(Ulog, UnflushedDataIsNotInTheFileYet) {
  const std::string path = temp_path("flush.ulg");
  auto w = UlogWriter::open(path);
  ASSERT_TRUE(w.ok());
  UlogWriter& u = *w.value();
  const int s = u.subscribe(u.add_format("scalars", kScalarFields), 0);
  u.write(s, make_scalars(0, 0));
  ASSERT_TRUE(u.flush().ok());
  u.write(s, make_scalars(1, 0));  // buffered only: a SIGKILL now loses it
  auto r = read_ulog(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().message_count(0), 1u);
  ASSERT_TRUE(u.flush(true).ok());
  EXPECT_EQ(read_ulog(path).value().message_count(0), 2u);
  EXPECT_EQ(u.buffered_bytes(), 0u);
  EXPECT_EQ(u.bytes_written(), file_bytes(path).size());
  std::filesystem::remove(path);
}

TEST(Ulog, ManyFlushesWriteEverythingOnce) {
  const std::string path = temp_path("many-flushes.ulg");
  auto w = UlogWriter::open(path);
  ASSERT_TRUE(w.ok());
  UlogWriter& u = *w.value();
  const int s = u.subscribe(u.add_format("scalars", kScalarFields), 0);
  for (int i = 0; i < 1000; ++i) {
    u.write(s, make_scalars(i, 0));
    if (i % 100 == 99) {
      ASSERT_TRUE(u.flush().ok());
    }
  }
  ASSERT_TRUE(u.flush(true).ok());
  auto r = read_ulog(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().message_count(0), 1000u);
  EXPECT_EQ(u.bytes_written(), file_bytes(path).size());
  std::filesystem::remove(path);
}

TEST(Ulog, WriteErrorsAreReported) {
  // /dev/full accepts the open and fails every write with ENOSPC.
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto w = UlogWriter::open("/dev/full");
  ASSERT_TRUE(w.ok());
  UlogWriter& u = *w.value();
  const int s = u.subscribe(u.add_format("scalars", kScalarFields), 0);
  for (int i = 0; i < 2000; ++i) u.write(s, make_scalars(i, 0));
  const Status flushed = u.flush();
  ASSERT_FALSE(flushed.ok());
  EXPECT_NE(flushed.error().message.find("/dev/full: write failed"), std::string::npos)
      << flushed.error().message;
  EXPECT_GT(u.buffered_bytes(), 0u);  // what was not written stays buffered
  EXPECT_FALSE(u.close().ok());
}

TEST(Ulog, OpenFailsWithAReason) {
  auto w = UlogWriter::open("/nonexistent-dir/x.ulg");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("/nonexistent-dir/x.ulg"), std::string::npos);
  auto r = read_ulog("/nonexistent-dir/x.ulg");
  ASSERT_FALSE(r.ok());
}

// The offsets where messages start, walked from the header.
std::vector<std::size_t> message_starts(const std::vector<uint8_t>& b) {
  std::vector<std::size_t> starts;
  for (std::size_t pos = 16; pos + 3 <= b.size(); pos += 3 + (b[pos] | (b[pos + 1] << 8)))
    starts.push_back(pos);
  return starts;
}

TEST(Ulog, TruncationAtEveryLength) {
  const std::string path = temp_path("trunc.ulg");
  write_sample(path);
  const std::vector<uint8_t> bytes = file_bytes(path);
  const auto full = parse_ulog(bytes.data(), bytes.size(), "full");
  ASSERT_TRUE(full.ok());
  const auto starts = message_starts(bytes);
  std::size_t data_start = 0;  // the first 'A' message
  for (std::size_t s : starts)
    if (bytes[s + 2] == 'A' && data_start == 0) data_start = s;
  ASSERT_GT(data_start, 0u);
  auto is_boundary = [&](std::size_t n) {
    return n == bytes.size() || std::find(starts.begin(), starts.end(), n) != starts.end();
  };

  int errors = 0, truncated = 0;
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    const auto r = parse_ulog(bytes.data(), n, "cut");
    if (n < data_start + 3) {
      // Inside the header, the definitions or the first data message's header: an error unless
      // the cut falls between messages.
      if (!r.ok()) {
        ++errors;
        // Only an empty file is foreign; a cut header is reported as such.
        EXPECT_EQ(r.error().message.find("not a ULog") != std::string::npos, n == 0) << n;
        continue;
      }
      EXPECT_TRUE(n >= 16 && is_boundary(n)) << n;
      continue;
    }
    ASSERT_TRUE(r.ok()) << n << ": " << r.error().message;
    const UlogFile& f = r.value();
    EXPECT_EQ(f.truncated, !is_boundary(n)) << n;
    truncated += f.truncated;
    EXPECT_EQ(f.formats.size(), full.value().formats.size());
    EXPECT_EQ(f.info, full.value().info);
    EXPECT_LE(f.strings.size(), full.value().strings.size());
    // Every kept payload is a prefix of the full file's.
    for (const auto& [id, series] : f.data) {
      const auto& all = full.value().data.at(id);
      ASSERT_LE(series.size(), all.size());
      EXPECT_TRUE(std::equal(series.begin(), series.end(), all.begin())) << n;
    }
  }
  EXPECT_GT(errors, 50);
  EXPECT_GT(truncated, 500);
  std::filesystem::remove(path);
}

TEST(Ulog, ForeignFilesAreNotULog) {
  const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                         'I',  'H', 'D', 'R', 0,    0,    1,    0,    0, 0, 1, 0};
  auto r = parse_ulog(png, sizeof(png), "x.png");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a ULog file"), std::string::npos);
  EXPECT_NE(r.error().message.find("x.png: byte 0"), std::string::npos);

  std::mt19937 rng(7);
  std::vector<uint8_t> noise(4096);
  for (auto& b : noise) b = static_cast<uint8_t>(rng());
  r = parse_ulog(noise.data(), noise.size(), "noise");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a ULog file"), std::string::npos);

  r = parse_ulog(nullptr, 0, "empty");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a ULog file"), std::string::npos);

  const std::string text = "timestamp,lat,lon\n0,1,2\n";
  r = parse_ulog(reinterpret_cast<const uint8_t*>(text.data()), text.size(), "x.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a ULog file"), std::string::npos);
}

// Hand-made files for the error cases the writer cannot produce.
struct Builder {
  std::vector<uint8_t> b = {0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
  Builder& msg(char type, const std::string& body) {
    b.push_back(static_cast<uint8_t>(body.size() & 0xff));
    b.push_back(static_cast<uint8_t>(body.size() >> 8));
    b.push_back(static_cast<uint8_t>(type));
    b.insert(b.end(), body.begin(), body.end());
    return *this;
  }
  Builder& format(const std::string& f) { return msg('F', f); }
  Builder& add(uint8_t multi, uint16_t id, const std::string& name) {
    return msg('A', std::string{static_cast<char>(multi), static_cast<char>(id & 0xff),
                                static_cast<char>(id >> 8)} +
                        name);
  }
  Builder& data(uint16_t id, uint64_t t, const std::string& rest) {
    std::string s{static_cast<char>(id & 0xff), static_cast<char>(id >> 8)};
    s.append(reinterpret_cast<const char*>(&t), 8);
    return msg('D', s + rest);
  }
  Result<UlogFile> parse() const { return parse_ulog(b.data(), b.size(), "hand.ulg"); }
};

std::string error_of(const Result<UlogFile>& r) {
  return r.ok() ? "(no error)" : r.error().message;
}

TEST(Ulog, StrictErrorsSayWhereAndWhy) {
  Builder v2;
  v2.b[7] = 2;
  EXPECT_NE(error_of(v2.parse()).find("byte 7: unsupported ULog version 2"), std::string::npos);

  Builder unknown_format;
  unknown_format.format("t:uint64_t timestamp;").add(0, 0, "other");
  EXPECT_NE(
      error_of(unknown_format.parse()).find("byte 40: subscription to unknown format 'other'"),
      std::string::npos)
      << error_of(unknown_format.parse());

  Builder unknown_id;
  unknown_id.format("t:uint64_t timestamp;").add(0, 0, "t").data(3, 1, "");
  EXPECT_NE(error_of(unknown_id.parse()).find("data for unknown msg_id 3"), std::string::npos);

  Builder size;
  size.format("t:uint64_t timestamp;float x;").add(0, 0, "t").data(0, 1, "abc");
  EXPECT_NE(error_of(size.parse()).find("data message of 11 bytes for format 't' of 12 bytes"),
            std::string::npos)
      << error_of(size.parse());

  Builder garbage;
  garbage.format("t:uint64_t timestamp;").add(0, 0, "t").msg('\x07', "xyz");
  EXPECT_NE(error_of(garbage.parse()).find("garbage"), std::string::npos);

  Builder bad_type;
  bad_type.format("t:uint64_t timestamp;float x;").format("u:uint64_t timestamp;nope y;");
  EXPECT_NE(error_of(bad_type.parse()).find("unknown type 'nope'"), std::string::npos);

  Builder bad_field;
  bad_field.format("t:uint64_t timestamp;float[0] x;");
  EXPECT_NE(error_of(bad_field.parse()).find("bad field"), std::string::npos);

  Builder no_timestamp;
  no_timestamp.format("t:float x;").add(0, 0, "t");
  EXPECT_NE(error_of(no_timestamp.parse()).find("no uint64_t timestamp"), std::string::npos);

  Builder incompat;
  std::string flags(40, '\0');
  flags[8] = 2;  // an incompatible flag we do not know
  incompat.msg('B', flags);
  EXPECT_NE(error_of(incompat.parse()).find("incompatible flags"), std::string::npos);

  Builder late_b;
  late_b.format("t:uint64_t timestamp;").msg('B', std::string(40, '\0'));
  EXPECT_NE(error_of(late_b.parse()).find("flag bits message not first"), std::string::npos);

  Builder twice;
  twice.format("t:uint64_t timestamp;").add(0, 0, "t").add(1, 0, "t");
  EXPECT_NE(error_of(twice.parse()).find("subscribed twice"), std::string::npos);

  Builder defs_cut;
  defs_cut.format("t:uint64_t timestamp;float x;");
  defs_cut.b.resize(defs_cut.b.size() - 1);
  EXPECT_NE(error_of(defs_cut.parse()).find("inside a message of the definitions"),
            std::string::npos);

  Builder header_cut;
  header_cut.b.resize(10);
  EXPECT_NE(error_of(header_cut.parse()).find("inside the 16-byte ULog header"), std::string::npos);
}

TEST(Ulog, ReadsWhatPx4Writes) {
  // Trailing padding left out, nested formats used before they are defined, an unknown future
  // message type, sync and dropout messages, int32 parameters, 'M' info, tagged strings, the
  // ASCII log level.
  Builder b;
  std::string pi = "int32_t SYS_AUTOSTART";
  int32_t autostart = 4001;
  b.msg('B', std::string(40, '\0'))
      .format("outer:uint64_t timestamp;inner[2] in;int8_t k;uint8_t[3] _padding0;")
      .format("inner:float a;int16_t b;")
      .msg('P', std::string{static_cast<char>(pi.size())} + pi +
                    std::string(reinterpret_cast<const char*>(&autostart), 4))
      .msg('M', std::string{0, 12} + "char[3] perf" + "abc")
      .msg('M', std::string{1, 12} + "char[3] perf" + "def")
      .msg('I', std::string{15} + "uint32_t ver_hw" + std::string("\x01\x02\x00\x00", 4))
      .msg('X', "future")
      .add(0, 0, "outer");
  std::string payload;
  auto put = [&](const void* p, std::size_t n) { payload.append(static_cast<const char*>(p), n); };
  for (float a : {1.5f, -2.5f}) {
    const int16_t s = static_cast<int16_t>(a * 10);
    put(&a, 4);
    put(&s, 2);
  }
  payload.push_back(-7);
  b.data(0, 42, payload)  // 2 + 8 + 12 + 1 bytes: the 3 padding bytes left out
      .msg('S', std::string("\x2f\x73\x13\x20\x25\x0c\xbb\x12", 8))
      .msg('O', std::string("\x10\x00", 2))
      .msg('C', std::string("3\x05\x00", 3) + std::string("\x07\0\0\0\0\0\0\0", 8) + "tagged");
  const auto r = b.parse();
  ASSERT_TRUE(r.ok()) << r.error().message;
  const UlogFile& f = r.value();
  EXPECT_EQ(f.params_int.at("SYS_AUTOSTART"), 4001);
  EXPECT_EQ(f.info_multi.at("perf"), std::vector<std::string>{"abcdef"});
  EXPECT_EQ(f.info.at("ver_hw"), "513");
  EXPECT_EQ(f.format("outer")->size, 8u + 12u + 1u + 3u);
  EXPECT_EQ(f.field("outer", 0, "in[1].a").value(), std::vector<double>{-2.5});
  EXPECT_EQ(f.field("outer", 0, "in[0].b").value(), std::vector<double>{15});
  EXPECT_EQ(f.field("outer", 0, "k").value(), std::vector<double>{-7});
  EXPECT_EQ(f.timestamps("outer", 0).value(), std::vector<uint64_t>{42});
  EXPECT_EQ(f.dropouts_ms, std::vector<uint16_t>{16});
  ASSERT_EQ(f.strings.size(), 1u);
  EXPECT_EQ(f.strings[0].level, 3);
  EXPECT_EQ(f.strings[0].timestamp_us, 7u);
  EXPECT_EQ(f.strings[0].text, "tagged");
  EXPECT_FALSE(f.truncated);

  Builder circular;
  circular.format("a:uint64_t timestamp;b x;").format("b:a y;");
  EXPECT_NE(error_of(circular.parse()).find("nests too deep"), std::string::npos);
}

TEST(Ulog, AppendedDataAfterACutMessage) {
  // A main log cut inside a message, then appended data (PX4's crash dumps).
  Builder b;
  std::string flags(40, '\0');
  flags[8] = 1;  // DATA_APPENDED
  b.msg('B', flags).format("t:uint64_t timestamp;").add(0, 0, "t").data(0, 1, "");
  b.data(0, 2, "");
  b.b.resize(b.b.size() - 4);  // the second message is cut
  const uint64_t offset = b.b.size();
  std::memcpy(&b.b[16 + 3 + 16], &offset, 8);
  b.data(0, 3, "");
  const auto r = b.parse();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().timestamps("t", 0).value(), (std::vector<uint64_t>{1, 3}));
  EXPECT_FALSE(r.value().truncated);
}

TEST(Ulog, RandomCorruptionNeverCrashes) {
  const std::string path = temp_path("fuzz.ulg");
  write_sample(path);
  const std::vector<uint8_t> clean = file_bytes(path);
  std::filesystem::remove(path);
  std::mt19937 rng(20240611);
  int ok = 0, bad = 0;
  for (int round = 0; round < 600; ++round) {
    std::vector<uint8_t> b = clean;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % b.size();
      switch (rng() % 4) {
        case 0:
          b[at] = static_cast<uint8_t>(rng());
          break;  // a random byte
        case 1:
          b[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
          break;  // a flipped bit
        case 2:
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), static_cast<uint8_t>(rng()));
          break;
        case 3:
          b.resize(std::max<std::size_t>(at, 1));
          break;  // cut
      }
    }
    if (round % 5 == 0 && b.size() > 216)
      b[16 + rng() % 200] = static_cast<uint8_t>(rng());  // hit the definitions
    const auto r = parse_ulog(b.data(), b.size(), "fuzz");
    if (!r.ok()) {
      ++bad;
      EXPECT_NE(r.error().message.find("fuzz: byte "), std::string::npos);
      continue;
    }
    ++ok;
    // Whatever was accepted is self-consistent.
    const UlogFile& f = r.value();
    for (const UlogSubscription& s : f.subscriptions) {
      ASSERT_GE(s.format_index, 0);
      const std::size_t size = f.formats[s.format_index].size;
      ASSERT_GT(size, 0u);
      EXPECT_EQ(f.data.at(s.msg_id).size() % size, 0u);
      for (const UlogField& field : f.formats[s.format_index].fields) {
        if (field.array_size == 0 && field.type != UlogType::kChar) {
          EXPECT_EQ(f.field(s.format_name, s.multi_id, field.name).value().size(),
                    f.message_count(s.msg_id));
        }
      }
    }
  }
  EXPECT_GT(ok, 50);
  EXPECT_GT(bad, 50);
}

}  // namespace
}  // namespace kestrel
