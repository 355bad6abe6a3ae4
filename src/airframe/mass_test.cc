#include "airframe/mass.h"

#include <gtest/gtest.h>

namespace kestrel {
namespace {

MassParams two_masses() {
  MassParams p;
  p.empty_mass_kg = 100;
  p.empty_cg_b_m = Vec3(-1, 0, 0);
  p.ixx_kg_m2 = 10;
  p.iyy_kg_m2 = 20;
  p.izz_kg_m2 = 25;
  p.ixz_kg_m2 = 2;
  p.payload_position_b_m = Vec3(0, 0, 0);
  p.tanks = {{"a", 50, Vec3(-3, 0, 0.5)}};
  return p;
}

TEST(Mass, CentreOfMassAndParallelAxis) {
  const MassParams p = two_masses();
  FuelArray f{};
  f[0] = 50;
  const MassProperties m = compute_mass_properties(p, 50, f);
  EXPECT_DOUBLE_EQ(m.mass_kg, 200);
  // CG by hand: (100 * -1 + 50 * 0 + 50 * -3) / 200 = -1.25; z: 50 * 0.5 / 200.
  EXPECT_NEAR(m.cg_b_m.x(), -1.25, 1e-12);
  EXPECT_NEAR(m.cg_b_m.z(), 0.125, 1e-12);
  // Iyy by hand: 20 + 100 (0.25^2 + 0.125^2) + 50 (1.25^2 + 0.125^2) + 50 (1.75^2 + 0.375^2).
  const double iyy =
      20 + 100 * (0.0625 + 0.015625) + 50 * (1.5625 + 0.015625) + 50 * (3.0625 + 0.140625);
  EXPECT_NEAR(m.inertia_b_kg_m2(1, 1), iyy, 1e-9);
  // The tensor is symmetric, Ixz enters with a minus sign, and the inverse is right.
  EXPECT_NEAR(m.inertia_b_kg_m2(0, 2), m.inertia_b_kg_m2(2, 0), 1e-12);
  EXPECT_TRUE((m.inertia_b_kg_m2 * m.inertia_inv_b).isApprox(Mat3::Identity(), 1e-12));
}

TEST(Mass, FuelDistributionAndBurn) {
  MassParams p = two_masses();
  p.tanks.push_back({"b", 150, Vec3(-2, 0, 0)});
  FuelArray f = distribute_fuel(p, 100);
  EXPECT_NEAR(f[0], 25, 1e-12);
  EXPECT_NEAR(f[1], 75, 1e-12);
  burn_fuel(f, 10);
  EXPECT_NEAR(total_fuel_kg(f), 90, 1e-12);
  EXPECT_NEAR(f[0] / f[1], 25.0 / 75.0, 1e-12);
  burn_fuel(f, 1000);  // never below empty
  EXPECT_GE(f[0], 0);
  EXPECT_NEAR(total_fuel_kg(f), 0, 1e-12);
  EXPECT_NEAR(total_fuel_kg(distribute_fuel(p, 1e6)), 200, 1e-12);  // clamped to capacity
}

}  // namespace
}  // namespace kestrel
