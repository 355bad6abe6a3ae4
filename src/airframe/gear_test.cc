#include "airframe/gear.h"

#include <gtest/gtest.h>

namespace kestrel {
namespace {

std::vector<ContactParams> one_wheel_and_a_tip() {
  ContactParams w;
  w.name = "wheel";
  w.position_b_m = Vec3(0, 0, 1.0);
  w.spring_n_per_m = 10000;
  w.damping_n_s_per_m = 500;
  w.damping_rebound_n_s_per_m = 500;
  w.max_compression_m = 0.2;
  w.static_friction = 0.8;
  w.dynamic_friction = 0.6;
  w.rolling_friction = 0.02;
  w.cornering_stiffness_per_rad = 5;
  ContactParams tip = w;
  tip.name = "tip";
  tip.kind = ContactKind::kStructure;
  tip.position_b_m = Vec3(0, 4, 0.5);
  return {w, tip};
}

GearInput level(double cg_height) {
  GearInput in;
  in.R_ned_from_b = Mat3::Identity();
  in.cg_height_m = cg_height;
  return in;
}

TEST(Gear, SpringDamperNormalForce) {
  const auto c = one_wheel_and_a_tip();
  GearInput in = level(0.95);  // wheel 5 cm into the ground
  GearOutput out;
  GearForces f = evaluate_gear(c, in, &out);
  EXPECT_NEAR(f.force_b_n.z(), -500.0, 1e-9);  // k * 0.05, upwards
  EXPECT_NEAR(out.compression_m[0], 0.05, 1e-12);
  in.vel_ned_mps = Vec3(0, 0, 1.0);  // sinking at 1 m/s: damping adds
  f = evaluate_gear(c, in, nullptr);
  EXPECT_NEAR(f.force_b_n.z(), -1000.0, 1e-9);
  EXPECT_FALSE(out.structure_contact);
}

TEST(Gear, FrictionOpposesMotion) {
  const auto c = one_wheel_and_a_tip();
  GearInput in = level(0.95);
  in.vel_ned_mps = Vec3(10, 0, 0);  // rolling forward: rolling resistance
  GearForces f = evaluate_gear(c, in, nullptr);
  EXPECT_NEAR(f.force_b_n.x(), -0.02 * 500, 1e-3);
  in.brake_left = 1;  // not in a brake group: no change
  EXPECT_NEAR(evaluate_gear(c, in, nullptr).force_b_n.x(), -0.02 * 500, 1e-3);
  in.vel_ned_mps = Vec3(10, 1, 0);  // side slip: cornering force to the left
  EXPECT_LT(evaluate_gear(c, in, nullptr).force_b_n.y(), 0);
  in.vel_ned_mps = Vec3::Zero();  // at rest: no force along the ground
  f = evaluate_gear(c, in, nullptr);
  EXPECT_EQ(f.force_b_n.x(), 0.0);
  EXPECT_EQ(f.force_b_n.y(), 0.0);
}

TEST(Gear, StructureOnTheGroundIsReported) {
  const auto c = one_wheel_and_a_tip();
  GearInput in = level(0.95);
  in.R_ned_from_b = Eigen::AngleAxisd(0.2, Vec3::UnitX()).toRotationMatrix();  // right wing down
  in.vel_ned_mps = Vec3(20, 0, 2);
  GearOutput out;
  evaluate_gear(c, in, &out);
  EXPECT_TRUE(out.structure_contact);
  EXPECT_EQ(out.worst_contact, 1);
  EXPECT_GT(out.impact_speed_mps, 20.0);
}

}  // namespace
}  // namespace kestrel
