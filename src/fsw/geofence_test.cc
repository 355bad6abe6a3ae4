// The geofence against analytic geometry: squares, a concave L, circles, overlapping inclusion
// shapes, a leg that leaves and comes back between its ends, points exactly on edges, a polygon
// 100 km across against the circle it approximates, and the path sweep against dense sampling.
#include "fsw/geofence.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <random>

#include "core/types.h"

// Counts the heap allocations of this test binary, to show that the queries allocate nothing.
// (The release goes through a pointer so that GCC's -Wmismatched-new-delete, which sees free()
// on memory from operator new once both are inlined, stays quiet about this pair.)
namespace {
std::atomic<long> g_allocations{0};
void (*volatile g_release)(void*) = std::free;
}  // namespace
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow form too (std::stable_sort's temporary buffer uses it): every operator new this
// binary's operator delete can see must come from malloc, or AddressSanitizer reports a
// new/free mismatch.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(n ? n : 1);
}
void operator delete(void* p) noexcept { g_release(p); }
void operator delete(void* p, std::size_t) noexcept { g_release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { g_release(p); }

namespace kestrel {
namespace {

using Eigen::Vector2d;
using Kind = FenceShape::Kind;

constexpr double kInf = std::numeric_limits<double>::infinity();

FencePolygon square(double n0, double e0, double side, bool inclusion = true) {
  return {inclusion, {{n0, e0}, {n0 + side, e0}, {n0 + side, e0 + side}, {n0, e0 + side}}};
}

// The concave L: the square [0, 2000]^2 (north, east) without its north-east quarter.
FencePolygon l_shape(bool clockwise = false) {
  FencePolygon p{true, {{0, 0}, {2000, 0}, {2000, 1000}, {1000, 1000}, {1000, 2000}, {0, 2000}}};
  if (clockwise) std::reverse(p.vertices_ne.begin(), p.vertices_ne.end());
  return p;
}

Geofence make(const GeofenceSpec& spec, const GeofenceParams& params = {}) {
  Result<Geofence> f = Geofence::create(spec, params);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  return f.ok() ? std::move(f).value() : Geofence{};
}

TEST(Geofence, EmptyFenceBreachesNothing) {
  const Geofence f;
  const GeofenceCheck c = f.check({1e6, -1e6}, 1e5);
  EXPECT_FALSE(c.breached());
  EXPECT_EQ(c.horizontal_m, kInf);
  EXPECT_EQ(c.vertical_m, kInf);
  EXPECT_EQ(c.nearest.kind, Kind::kNone);
  EXPECT_TRUE(f.segment_inside({0, 0}, {1e5, 1e5}, 0));
  EXPECT_TRUE(f.circle_inside({0, 0}, 500, 0, 100));
}

TEST(Geofence, SquareInclusionEitherWinding) {
  for (bool clockwise : {false, true}) {
    FencePolygon sq = square(0, 0, 1000);
    if (clockwise) std::reverse(sq.vertices_ne.begin(), sq.vertices_ne.end());
    const Geofence f = make({{sq}, {}, {}});
    GeofenceCheck c = f.check({500, 500}, 0);
    EXPECT_FALSE(c.breached());
    EXPECT_DOUBLE_EQ(c.horizontal_m, 500);
    EXPECT_EQ(c.nearest, (FenceShape{Kind::kPolygon, 0}));
    c = f.check({200, 700}, 0);
    EXPECT_DOUBLE_EQ(c.horizontal_m, 200);
    c = f.check({1500, 500}, 0);
    EXPECT_EQ(c.breaches, kFenceOutsideInclusion);
    EXPECT_DOUBLE_EQ(c.horizontal_m, -500);
    c = f.check({1300, 1400}, 0);  // outside a corner: the distance to the corner, 500
    EXPECT_DOUBLE_EQ(c.horizontal_m, -500);
  }
}

TEST(Geofence, PointsExactlyOnEdgesAndVerticesAreNotBreaches) {
  const Geofence f = make({{square(0, 0, 1000), square(2000, 0, 1000, false)}, {}, {}});
  for (const Vector2d& p : {Vector2d(0, 500), Vector2d(1000, 1000), Vector2d(500, 0)}) {
    const GeofenceCheck c = f.check(p, 0);
    EXPECT_FALSE(c.breached()) << p.transpose();
    EXPECT_EQ(c.horizontal_m, 0) << p.transpose();
  }
  // A diagonal edge: (250, 250) lies on the hypotenuse (0,0)-(1000,1000) of this triangle.
  const Geofence tri = make({{{true, {{0, 0}, {1000, 1000}, {1000, 0}}}}, {}, {}});
  EXPECT_FALSE(tri.check({250, 250}, 0).breached());
  EXPECT_EQ(tri.check({250, 250}, 0).horizontal_m, 0);
  // On an exclusion edge: outside the exclusion, so no breach either (the square at 2000 is an
  // exclusion, and there is an inclusion, so use a fence of the exclusion alone).
  const Geofence excl = make({{square(2000, 0, 1000, false)}, {}, {}});
  EXPECT_FALSE(excl.check({2000, 300}, 0).breached());
  EXPECT_TRUE(excl.check({2001, 300}, 0).breaches & kFenceInsideExclusion);
}

TEST(Geofence, ConcaveLShape) {
  for (bool clockwise : {false, true}) {
    const Geofence f = make({{l_shape(clockwise)}, {}, {}});
    EXPECT_FALSE(f.check({500, 500}, 0).breached());
    EXPECT_DOUBLE_EQ(f.check({500, 500}, 0).horizontal_m, 500);
    EXPECT_DOUBLE_EQ(f.check({1500, 500}, 0).horizontal_m, 500);
    // In the notch: outside, 100 m from the notch's edge along east = 1000.
    const GeofenceCheck notch = f.check({1200, 1100}, 0);
    EXPECT_EQ(notch.breaches, kFenceOutsideInclusion);
    EXPECT_DOUBLE_EQ(notch.horizontal_m, -100);
    // North-east of the convex corner (2000, 1000): the corner is the nearest point.
    EXPECT_NEAR(f.check({2300, 1300}, 0).horizontal_m, -300 * std::sqrt(2.0), 1e-9);
    // A leg between two inside points that cuts across the notch: both ends inside, the middle
    // outside. It leaves where it crosses east = 1000: 800 + 700 t = 1000, t = 2/7.
    const Vector2d a(1500, 800), b(800, 1500);
    EXPECT_FALSE(f.check(a, 0).breached());
    EXPECT_FALSE(f.check(b, 0).breached());
    EXPECT_FALSE(f.segment_inside(a, b, 0));
    ASSERT_TRUE(f.first_exit(a, b, 0).has_value());
    EXPECT_NEAR(*f.first_exit(a, b, 0), 2.0 / 7.0, 1e-12);
    // A leg along the west arm stays inside; so does one that grazes the reflex corner, unless
    // a clearance is asked for.
    EXPECT_TRUE(f.segment_inside({500, 500}, {500, 1500}, 0));
    EXPECT_TRUE(f.segment_inside({1500, 500}, {500, 1500}, 0));
    EXPECT_FALSE(f.segment_inside({1500, 500}, {500, 1500}, 0, 1.0));
    // A leg from inside to outside: the exit at the north edge, t = (2000 - 1500) / 1000.
    EXPECT_NEAR(*f.first_exit({1500, 500}, {2500, 500}, 0), 0.5, 1e-12);
    // A leg that starts outside leaves at 0.
    EXPECT_EQ(*f.first_exit({1500, 1500}, {500, 500}, 0), 0.0);
  }
}

// Legs from vertex to vertex of the L: diagonals inside, diagonals across the notch, one that
// passes exactly through the reflex corner (touching: allowed) and an edge itself.
TEST(Geofence, LegsBetweenVerticesOfTheL) {
  const Geofence f = make({{l_shape()}, {}, {}});
  const std::vector<Vector2d> v = l_shape().vertices_ne;
  EXPECT_TRUE(f.segment_inside(v[0], v[3], 0));   // to the reflex corner
  EXPECT_TRUE(f.segment_inside(v[0], v[2], 0));   // within the south arm
  EXPECT_TRUE(f.segment_inside(v[5], v[1], 0));   // through the reflex corner
  EXPECT_TRUE(f.segment_inside(v[3], v[4], 0));   // along an edge
  EXPECT_FALSE(f.segment_inside(v[1], v[4], 0));  // ends in the notch side
  EXPECT_FALSE(f.segment_inside(v[2], v[4], 0));  // across the notch
  EXPECT_FALSE(f.segment_inside(v[2], v[5], 0));
  // v[1] -> v[4] leaves where it meets the notch edge east = 1000, half way.
  EXPECT_NEAR(*f.first_exit(v[1], v[4], 0), 0.5, 1e-12);
}

// A leg along a diagonal edge's own line: it is on the boundary all along the edge and leaves
// (or not) where it passes the edge's end.
TEST(Geofence, LegAlongADiagonalEdge) {
  const FencePolygon tri{true, {{0, 0}, {1000, 1000}, {1000, 0}}};
  const Geofence in = make({{tri}, {}, {}});
  ASSERT_TRUE(in.first_exit({250, 250}, {1500, 1500}, 0).has_value());
  EXPECT_NEAR(*in.first_exit({250, 250}, {1500, 1500}, 0), 0.6, 1e-9);
  EXPECT_TRUE(in.segment_inside({250, 250}, {1000, 1000}, 0));
  FencePolygon excl = tri;
  excl.inclusion = false;
  const Geofence out = make({{square(-5000, -5000, 10000), excl}, {}, {}});
  EXPECT_TRUE(out.segment_inside({-500, -500}, {1500, 1500}, 0));  // touching only
  EXPECT_FALSE(out.segment_inside({-500, -500}, {1500, 1500}, 0, 1));
  // Parallel to the edge 0.7 m away: inside the exclusion (east < north) or outside it.
  EXPECT_FALSE(out.segment_inside({-499, -500}, {1501, 1500}, 0));
  EXPECT_TRUE(out.segment_inside({-500, -499}, {1500, 1501}, 0));
  EXPECT_TRUE(out.segment_inside({-500, -499}, {1500, 1501}, 0, 0.7));
  EXPECT_FALSE(out.segment_inside({-500, -499}, {1500, 1501}, 0, 0.71));
  // Crossing the edge at (500, 500): in the exclusion from there on, t = 0.5.
  EXPECT_NEAR(*out.first_exit({-500, -499}, {1500, 1499}, 0), 0.5, 1e-12);
}

TEST(Geofence, Circles) {
  // An inclusion circle of 1000 m about home with an exclusion circle of 200 m inside it.
  const Geofence f = make({{}, {{true, {0, 0}, 1000}, {false, {0, 0}, 200}}, {}});
  GeofenceCheck c = f.check({300, 0}, 0);
  EXPECT_FALSE(c.breached());
  EXPECT_DOUBLE_EQ(c.horizontal_m, 100);
  EXPECT_EQ(c.nearest, (FenceShape{Kind::kCircle, 1}));  // the exclusion is nearer
  c = f.check({0, 750}, 0);
  EXPECT_DOUBLE_EQ(c.horizontal_m, 250);
  EXPECT_EQ(c.nearest, (FenceShape{Kind::kCircle, 0}));
  c = f.check({1200, 0}, 0);
  EXPECT_EQ(c.breaches, kFenceOutsideInclusion);
  EXPECT_DOUBLE_EQ(c.horizontal_m, -200);
  c = f.check({100, 0}, 0);
  EXPECT_EQ(c.breaches, kFenceInsideExclusion);
  EXPECT_EQ(c.exclusion, (FenceShape{Kind::kCircle, 1}));
  EXPECT_DOUBLE_EQ(c.horizontal_m, -100);
  // A leg north-south 100 m east of the centre crosses the exclusion at north = +-sqrt(200^2 -
  // 100^2) = +-173.2: from north -500 it leaves at t = (500 - 173.2) / 1000.
  const Vector2d a(-500, 100), b(500, 100);
  EXPECT_NEAR(*f.first_exit(a, b, 0), (500 - std::sqrt(200.0 * 200 - 100 * 100)) / 1000, 1e-12);
  // 250 m east it passes 50 m clear of the exclusion.
  EXPECT_TRUE(f.segment_inside({-500, 250}, {500, 250}, 0));
  EXPECT_TRUE(f.segment_inside({-500, 250}, {500, 250}, 0, 40));
  EXPECT_FALSE(f.segment_inside({-500, 250}, {500, 250}, 0, 60));
  // Tangent to the exclusion (200 m east): touching is allowed, a clearance is not.
  EXPECT_TRUE(f.segment_inside({-500, 200}, {500, 200}, 0));
  EXPECT_FALSE(f.segment_inside({-500, 200}, {500, 200}, 0, 1));
  // The whole leg well inside the inclusion circle (both ends within 1000 m) but a leg from the
  // inside to outside the inclusion circle leaves at |x| = 1000.
  EXPECT_NEAR(*f.first_exit({0, 500}, {0, 1500}, 0), 0.5, 1e-12);
}

TEST(Geofence, ExclusionSquareCrossedBetweenTheEnds) {
  const Geofence f = make({{square(0, 0, 10000), square(4000, 4000, 2000, false)}, {}, {}});
  // West to east at north 5000: in the exclusion for east in [4000, 6000].
  const Vector2d a(5000, 1000), b(5000, 9000);
  EXPECT_FALSE(f.check(a, 0).breached());
  EXPECT_FALSE(f.check(b, 0).breached());
  EXPECT_FALSE(f.segment_inside(a, b, 0));
  EXPECT_NEAR(*f.first_exit(a, b, 0), 3000.0 / 8000.0, 1e-12);
  const GeofenceCheck c = f.check({5000, 4500}, 0);
  EXPECT_EQ(c.breaches, kFenceInsideExclusion);
  EXPECT_EQ(c.exclusion, (FenceShape{Kind::kPolygon, 1}));
  EXPECT_DOUBLE_EQ(c.horizontal_m, -500);
  // Along the exclusion's south edge (north = 4000): touching, allowed; 1 m further in is not.
  EXPECT_TRUE(f.segment_inside({4000, 1000}, {4000, 9000}, 0));
  EXPECT_FALSE(f.segment_inside({4001, 1000}, {4001, 9000}, 0));
  // Passing 300 m south of it with the fence margin of 300 m: just allowed; 301 m is not.
  EXPECT_TRUE(f.segment_inside({3700, 1000}, {3700, 9000}, 0, 300));
  EXPECT_FALSE(f.segment_inside({3700, 1000}, {3700, 9000}, 0, 301));
}

TEST(Geofence, SeveralInclusionShapesFormTheirUnion) {
  // Two overlapping squares: A = [0,1000]^2, B = north [800,1800] x east [0,1000].
  const Geofence f = make({{square(0, 0, 1000), square(800, 0, 1000)}, {}, {}});
  EXPECT_FALSE(f.check({1500, 500}, 0).breached());  // in B only
  EXPECT_FALSE(f.check({100, 500}, 0).breached());   // in A only
  EXPECT_TRUE(f.check({2000, 500}, 0).breached());
  EXPECT_TRUE(f.segment_inside({100, 500}, {1700, 500}, 0));  // through the overlap
  // In the overlap the clearance is that of the deeper shape (100 m), a conservative figure: the
  // union's own outline is 500 m away.
  const GeofenceCheck c = f.check({900, 500}, 0);
  EXPECT_DOUBLE_EQ(c.horizontal_m, 100);
  EXPECT_LE(c.horizontal_m, 500);
  // With a clearance of 150 m the leg has to be 150 m deep in one square all along: at the
  // overlap (north 800-1000) it is at most 100 m deep in either, so it fails; with 50 m it passes.
  EXPECT_FALSE(f.segment_inside({100, 500}, {1700, 500}, 0, 150));
  EXPECT_TRUE(f.segment_inside({100, 500}, {1700, 500}, 0, 50));
  // Disjoint squares: a leg from one to the other leaves in the gap.
  const Geofence g = make({{square(0, 0, 1000), square(2000, 0, 1000)}, {}, {}});
  EXPECT_NEAR(*g.first_exit({500, 500}, {2500, 500}, 0), 0.25, 1e-12);
  // An inclusion circle and a polygon together.
  const Geofence h = make({{square(0, 0, 1000)}, {{true, {1000, 500}, 300}}, {}});
  EXPECT_FALSE(h.check({1200, 500}, 0).breached());
  EXPECT_TRUE(h.segment_inside({500, 500}, {1250, 500}, 0));
  EXPECT_NEAR(*h.first_exit({500, 500}, {1500, 500}, 0), 0.8, 1e-12);
}

TEST(Geofence, AltitudeBand) {
  GeofenceParams p;
  p.alt_min_m = 100;
  p.alt_max_m = 3000;
  const Geofence f = make({{square(0, 0, 1000)}, {}, {}}, p);
  GeofenceCheck c = f.check({500, 500}, 1000);
  EXPECT_FALSE(c.breached());
  EXPECT_DOUBLE_EQ(c.vertical_m, 900);
  c = f.check({500, 500}, 50);
  EXPECT_EQ(c.breaches, kFenceBelowFloor);
  EXPECT_DOUBLE_EQ(c.vertical_m, -50);
  c = f.check({500, 500}, 3100);
  EXPECT_EQ(c.breaches, kFenceAboveCeiling);
  EXPECT_DOUBLE_EQ(c.vertical_m, -100);
  c = f.check({1500, 500}, 3100);
  EXPECT_EQ(c.breaches, kFenceAboveCeiling | kFenceOutsideInclusion);
  EXPECT_FALSE(f.check({500, 500}, 100).breached());  // on the floor
  EXPECT_FALSE(f.segment_inside({100, 100}, {900, 900}, 50));
  EXPECT_TRUE(f.segment_inside({100, 100}, {900, 900}, 500));
  EXPECT_FALSE(f.circle_inside({500, 500}, 100, 4000));
  // A ceiling alone (no shapes).
  GeofenceParams q;
  q.alt_max_m = 500;
  const Geofence g = make({}, q);
  EXPECT_FALSE(g.empty());
  EXPECT_FALSE(g.check({1e5, 1e5}, 400).breached());
  EXPECT_EQ(g.check({1e5, 1e5}, 600).breaches, kFenceAboveCeiling);
  EXPECT_EQ(g.check({0, 0}, 400).horizontal_m, kInf);
}

TEST(Geofence, LoiterCircles) {
  const Geofence sq = make({{square(0, 0, 1000)}, {}, {}});
  // Radius 300 about the centre: 200 m from every edge.
  EXPECT_TRUE(sq.circle_inside({500, 500}, 300, 0));
  EXPECT_TRUE(sq.circle_inside({500, 500}, 300, 0, 199));
  EXPECT_FALSE(sq.circle_inside({500, 500}, 300, 0, 201));
  EXPECT_FALSE(sq.circle_inside({500, 500}, 600, 0));
  // In the L: a circle of 250 m about (800, 800) passes the reflex corner (1000, 1000),
  // 282.8 m from the centre, 32.8 m clear; 300 m cuts into the notch.
  const Geofence l = make({{l_shape()}, {}, {}});
  const double corner = std::sqrt(2.0) * 200;
  EXPECT_TRUE(l.circle_inside({800, 800}, 250, 0));
  EXPECT_TRUE(l.circle_inside({800, 800}, 250, 0, corner - 250 - 0.1));
  EXPECT_FALSE(l.circle_inside({800, 800}, 250, 0, corner - 250 + 0.1));
  EXPECT_FALSE(l.circle_inside({800, 800}, 300, 0));
  // Loitering around an exclusion: the circle, not the disc, must stay clear.
  const Geofence e = make({{square(-5000, -5000, 10000)}, {{false, {0, 0}, 100}}, {}});
  EXPECT_TRUE(e.circle_inside({0, 0}, 300, 0));
  EXPECT_TRUE(e.circle_inside({0, 0}, 150, 0, 49));
  EXPECT_FALSE(e.circle_inside({0, 0}, 150, 0, 51));
  EXPECT_FALSE(e.circle_inside({0, 250}, 200, 0));  // overlaps the exclusion
}

// A regular 720-gon of radius 50 km (100 km across) against the circle it approximates: the
// polygon's edges lie within the sagitta r (1 - cos(pi / n)) = 0.48 m inside the circle.
TEST(Geofence, PolygonHundredKilometresAcross) {
  const Vector2d centre(10000, -20000);
  const double r = 50000;
  const int n = 720;
  FencePolygon big{true, {}};
  for (int i = 0; i < n; ++i) {
    const double a = 2 * kPi * i / n;
    big.vertices_ne.push_back(centre + r * Vector2d(std::cos(a), std::sin(a)));
  }
  const double sagitta = r * (1 - std::cos(kPi / n));
  const Geofence f = make({{big}, {}, {}});
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-70000, 70000);
  for (int i = 0; i < 200; ++i) {
    const Vector2d p = centre + Vector2d(u(rng), u(rng));
    const double analytic = r - (p - centre).norm();
    const double sd = f.check(p, 0).horizontal_m;
    EXPECT_LE(sd, analytic + 1e-6);
    EXPECT_GE(sd, analytic - sagitta - 1e-6);
  }
  // A 100 km leg straight across through the centre, from 1 km inside the west edge: the exit at
  // the east side, within a sagitta.
  const Vector2d a = centre + Vector2d(0, -49000), b = centre + Vector2d(0, 61000);
  const double exit = *f.first_exit(a, b, 0);
  EXPECT_NEAR(exit * 110000, 99000, sagitta + 1e-6);
  EXPECT_TRUE(f.segment_inside(a, centre + Vector2d(0, 49000), 0, 999 - sagitta));
  // A point 1 m inside a 100 km square is 1 m inside, to the millimetre.
  const Geofence sq = make({{square(-50000, -50000, 100000)}, {}, {}});
  EXPECT_NEAR(sq.check({49999, 1234}, 0).horizontal_m, 1, 1e-9);
  EXPECT_NEAR(sq.check({50001, 1234}, 0).horizontal_m, -1, 1e-9);
  EXPECT_TRUE(f.circle_inside(centre, 49000, 0, 999 - sagitta));
  EXPECT_FALSE(f.circle_inside(centre, 49000, 0, 1001));
}

// The sweep against dense sampling of the point test, for random legs and loiters in a fence
// with a concave inclusion, a second overlapping inclusion and exclusions of both kinds.
TEST(Geofence, PathSweepAgreesWithDenseSampling) {
  const Geofence f = make({{l_shape(), square(1800, 1800, 700), square(300, 300, 200, false)},
                           {{false, {1500, 400}, 150}, {true, {2600, 600}, 500}},
                           {}});
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-300, 3300), leg(-1000, 1000);
  int disagree = 0, outside = 0;
  for (int i = 0; i < 400; ++i) {
    const Vector2d a(u(rng), u(rng)), b = a + Vector2d(leg(rng), leg(rng));
    const double clearance = (i % 3) * 20.0;
    bool sampled = true;
    for (int k = 0; k <= 20000 && sampled; ++k)
      sampled = f.check(a + (b - a) * (k / 20000.0), 0).horizontal_m >= clearance;
    const bool swept = f.segment_inside(a, b, 0, clearance);
    // The sweep is exact; sampling can miss a violation shorter than its step (0.2 m here).
    if (swept && !sampled) ++disagree;
    if (!swept && sampled) {
      const double t = *f.first_exit(a, b, 0, clearance);
      // Then the leg must be outside just after the exit the sweep found.
      bool found = false;
      for (int k = 1; k <= 1000 && !found; ++k)
        found = f.check(a + (b - a) * std::min(1.0, t + k * 1e-7), 0).horizontal_m < clearance;
      if (!found) ++disagree;
    }
    outside += !swept;
  }
  EXPECT_EQ(disagree, 0);
  EXPECT_GT(outside, 50);  // the random legs exercise both answers
  EXPECT_LT(outside, 390);
  int circles_out = 0;
  for (int i = 0; i < 200; ++i) {
    const Vector2d c(u(rng), u(rng));
    const double radius = 50 + (u(rng) + 300) / 8;
    bool sampled = true;
    for (int k = 0; k < 20000 && sampled; ++k) {
      const double th = 2 * kPi * k / 20000;
      sampled = f.check(c + radius * Vector2d(std::cos(th), std::sin(th)), 0).horizontal_m >= 0;
    }
    const bool swept = f.circle_inside(c, radius, 0);
    if (swept) {
      EXPECT_TRUE(sampled) << c.transpose() << " " << radius;
    }
    circles_out += !swept;
  }
  EXPECT_GT(circles_out, 20);
}

TEST(Geofence, QueriesDoNotAllocate) {
  const Geofence f = make({{l_shape(), square(300, 300, 200, false)},
                           {{false, {1500, 400}, 150}, {true, {2600, 600}, 500}},
                           FenceReturnPoint{{100, 100}, 300}});
  const long before = g_allocations.load();
  double sink = 0;
  for (int i = 0; i < 100; ++i) {
    sink += f.check({10.0 * i, 1500}, 200).horizontal_m;
    sink += f.segment_inside({100, 100}, {1500, 10.0 * i}, 0, 10);
    sink += f.first_exit({100, 100}, {2500, 10.0 * i}, 0).value_or(2);
    sink += f.circle_inside({700, 700}, 100 + i, 0, 5);
  }
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_TRUE(std::isfinite(sink));
}

TEST(Geofence, NonFiniteInputIsABreachNotANaN) {
  GeofenceParams p;
  p.alt_max_m = 1000;
  const Geofence f = make({{square(0, 0, 1000), square(300, 300, 100, false)}, {}, {}}, p);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const GeofenceCheck c = f.check({nan, 5}, nan);
  EXPECT_EQ(c.breaches, kFenceOutsideInclusion | kFenceInsideExclusion | kFenceAboveCeiling);
  EXPECT_EQ(c.horizontal_m, -kInf);
  EXPECT_EQ(c.vertical_m, -kInf);
  EXPECT_FALSE(f.segment_inside({nan, 0}, {100, 100}, 10));
  EXPECT_EQ(*f.first_exit({100, 100}, {200, 200}, nan), 0.0);
  EXPECT_FALSE(f.circle_inside({500, 500}, nan, 10));
}

TEST(Geofence, ReturnPointIsKeptAndMustBeInside) {
  GeofenceParams p;
  p.alt_max_m = 1000;
  const Geofence f = make({{square(0, 0, 1000)}, {}, FenceReturnPoint{{500, 400}, 300}}, p);
  ASSERT_TRUE(f.return_point().has_value());
  EXPECT_EQ(f.return_point()->ne, Vector2d(500, 400));
  EXPECT_EQ(f.return_point()->height_m, 300);
  const Result<Geofence> out =
      Geofence::create({{square(0, 0, 1000)}, {}, FenceReturnPoint{{1500, 400}, 300}}, p);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("return point"), std::string::npos);
  EXPECT_NE(out.error().message.find("outside the fence"), std::string::npos);
  const Result<Geofence> high =
      Geofence::create({{square(0, 0, 1000)}, {}, FenceReturnPoint{{500, 400}, 1300}}, p);
  ASSERT_FALSE(high.ok());
  EXPECT_NE(high.error().message.find("altitude band"), std::string::npos);
}

TEST(Geofence, ValidationNamesTheShapeAndVertex) {
  const auto error_of = [](const GeofenceSpec& spec, const GeofenceParams& p = {}) {
    const Result<Geofence> r = Geofence::create(spec, p);
    return r.ok() ? std::string() : r.error().message;
  };
  std::string e = error_of({{square(0, 0, 10), {false, {{0, 0}, {1, 1}}}}, {}, {}});
  EXPECT_NE(e.find("polygons[1] (exclusion)"), std::string::npos) << e;
  EXPECT_NE(e.find("at least 3 vertices"), std::string::npos) << e;
  e = error_of({{{true, {{0, 0}, {1, std::nan("")}, {1, 0}}}}, {}, {}});
  EXPECT_NE(e.find("polygons[0] (inclusion): vertex 1 is not finite"), std::string::npos) << e;
  // A bow tie: edge 0-1 crosses edge 2-3.
  e = error_of({{{true, {{0, 0}, {1000, 1000}, {1000, 0}, {0, 1000}}}}, {}, {}});
  EXPECT_NE(e.find("vertex 0: edge 0-1 crosses or touches edge 2-3"), std::string::npos) << e;
  // A vertex touching a non-adjacent edge (a pinched polygon) is not simple either.
  e = error_of({{{true, {{0, 0}, {1000, 0}, {1000, 1000}, {500, 0}, {0, 1000}}}}, {}, {}});
  EXPECT_NE(e.find("crosses or touches"), std::string::npos) << e;
  e = error_of({{{true, {{0, 0}, {1000, 0}, {1000, 0}, {0, 1000}}}}, {}, {}});
  EXPECT_NE(e.find("vertex 2 repeats vertex 1"), std::string::npos) << e;
  // 0 -> 1 runs north to (1000, 0), then back south to (500, 0): a spike at vertex 1.
  e = error_of({{{true, {{0, 0}, {1000, 0}, {500, 0}, {0, 1000}}}}, {}, {}});
  EXPECT_NE(e.find("vertex 1: the polygon folds back"), std::string::npos) << e;
  e = error_of({{}, {{true, {0, 0}, 100}, {false, {0, 0}, 0}}, {}});
  EXPECT_NE(e.find("circles[1] (exclusion): the radius must be positive"), std::string::npos) << e;
  GeofenceParams band;
  band.alt_min_m = 500;
  band.alt_max_m = 400;
  e = error_of({}, band);
  EXPECT_NE(e.find("FENCE_ALT_MIN"), std::string::npos) << e;
  // A closed ring (last vertex = first) is accepted as the same polygon.
  FencePolygon ring = square(0, 0, 1000);
  ring.vertices_ne.push_back(ring.vertices_ne.front());
  const Geofence f = make({{ring}, {}, {}});
  EXPECT_DOUBLE_EQ(f.check({500, 100}, 0).horizontal_m, 100);
}

TEST(GeofenceParams, TableIsWellFormedAndCoversTheStruct) {
  EXPECT_EQ(check_param_table(kGeofenceParams), "");
  EXPECT_EQ(kGeofenceParams.size() * sizeof(double), sizeof(GeofenceParams));
  for (const auto& d : kGeofenceParams) EXPECT_EQ(d.info.name.rfind("FENCE_", 0), 0u);
}

}  // namespace
}  // namespace kestrel
