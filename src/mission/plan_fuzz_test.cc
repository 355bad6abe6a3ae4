// Robustness of the readers: the good fixtures cut at every byte and with bytes changed (every
// offset, plus seeded random multi-byte damage). Every result must be a plan or an Error whose
// message is one line naming the file; nothing may crash or throw (the sanitizer build runs this
// too).
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "mission/plan_file.h"
#include "mission/test_util.h"
#include "mission/wpl.h"

namespace kestrel::mission {
namespace {

using Parser = std::function<Result<Plan>(const std::string&)>;

// Counts the outcomes; fails the test on a bad message.
struct Outcomes {
  int ok = 0, errors = 0;
  void check(const Result<Plan>& r, const std::string& source, const char* what, std::size_t at) {
    if (r.ok()) {
      ++ok;
      return;
    }
    ++errors;
    const std::string& m = r.error().message;
    ASSERT_EQ(m.rfind(source + ":", 0), 0u) << what << " at " << at << ": " << m;
    ASSERT_GT(m.size(), source.size() + 5) << what << " at " << at;
    ASSERT_EQ(m.find('\n'), std::string::npos) << what << " at " << at << ": " << m;
  }
};

// `good` cut at every byte; `dense` (the same content, or a more compact form of it) with one
// byte changed at every offset and with random damage.
void damage(const std::string& good, const std::string& dense, const std::string& source,
            const Parser& parse) {
  Outcomes out;
  // Cut at every byte.
  for (std::size_t n = 0; n < good.size(); ++n) {
    out.check(parse(good.substr(0, n)), source, "cut", n);
    if (::testing::Test::HasFatalFailure()) return;
  }
  // One byte changed, at every offset, to characters that matter to the syntax.
  const char replacements[] = {'\0', '"', '9', '-', ']', '\t', 'x', '\xFF'};
  for (std::size_t i = 0; i < dense.size(); ++i) {
    std::string bad = dense;
    bad[i] = replacements[i % sizeof replacements];
    out.check(parse(bad), source, "byte", i);
    if (::testing::Test::HasFatalFailure()) return;
  }
  // Random damage: several bytes flipped, deleted or duplicated; a recorded seed.
  std::mt19937 rng(20240611);
  for (int trial = 0; trial < 1000; ++trial) {
    std::string bad = dense;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits && !bad.empty(); ++e) {
      const std::size_t at = rng() % bad.size();
      switch (rng() % 3) {
        case 0:
          bad[at] = static_cast<char>(bad[at] ^ static_cast<char>(1u << (rng() % 8)));
          break;
        case 1:
          bad.erase(at, 1 + rng() % 8);
          break;
        default:
          bad.insert(at, bad.substr(at, 1 + rng() % 16));
          break;
      }
    }
    out.check(parse(bad), source, "random trial", static_cast<std::size_t>(trial));
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(out.errors, 0);
  EXPECT_GT(out.ok, 0);  // some edits are harmless (a digit in a coordinate)
}

TEST(PlanFuzz, DamagedPlanFilesGiveAPlanOrAClearError) {
  const std::string good = testing::read_file(testing::test_data("field_test.plan"));
  ASSERT_FALSE(good.empty());
  // The byte changes go to the file without its indentation (a third of the size, the same
  // structure): QGroundControl's 4-space indentation only adds offsets where a change is a
  // syntax error of the same kind.
  const std::string dense = nlohmann::json::parse(good).dump();
  damage(good, dense, "fuzz.plan",
         [](const std::string& text) { return parse_plan_json(text, "fuzz.plan"); });
}

TEST(PlanFuzz, DamagedWplFilesGiveAPlanOrAClearError) {
  const std::string good = testing::read_file(testing::test_data("field_test.waypoints"));
  ASSERT_FALSE(good.empty());
  damage(good, good, "fuzz.waypoints",
         [](const std::string& text) { return parse_wpl(text, "fuzz.waypoints"); });
}

TEST(PlanFuzz, WhatLoadsAlsoWritesAndReadsBack) {
  // Whatever a damaged file parses to is a plan the writers accept and read back unchanged.
  const std::string good = testing::read_file(testing::test_data("field_test.plan"));
  std::mt19937 rng(7);
  int written = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string bad = good;
    const std::size_t at = rng() % bad.size();
    if (bad[at] >= '0' && bad[at] <= '9') bad[at] = static_cast<char>('0' + rng() % 10);
    const Result<Plan> p = parse_plan_json(bad, "fuzz.plan");
    if (!p.ok()) continue;
    const Result<std::string> text = plan_json(p.value());
    ASSERT_TRUE(text.ok()) << text.error().message;
    const Result<Plan> back = parse_plan_json(text.value(), "written");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(testing::same_plan(p.value(), back.value()));
    ++written;
  }
  EXPECT_GT(written, 150);
}

}  // namespace
}  // namespace kestrel::mission
