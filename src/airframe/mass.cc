#include "airframe/mass.h"

#include <algorithm>

namespace kestrel {
namespace {

// Inertia of a point mass m at offset d from the reference point: m (|d|^2 I - d d^T).
Mat3 point_inertia(double m, const Vec3& d) {
  return m * (d.squaredNorm() * Mat3::Identity() - d * d.transpose());
}

}  // namespace

MassProperties compute_mass_properties(const MassParams& p, double payload_kg,
                                       const FuelArray& fuel_kg) {
  MassProperties mp;
  double m = p.empty_mass_kg + payload_kg;
  Vec3 moment = p.empty_mass_kg * p.empty_cg_b_m + payload_kg * p.payload_position_b_m;
  const int n = static_cast<int>(p.tanks.size());
  for (int i = 0; i < n; ++i) {
    m += fuel_kg[i];
    moment += fuel_kg[i] * p.tanks[i].position_b_m;
  }
  mp.mass_kg = m;
  mp.cg_b_m = moment / m;

  Mat3 i_empty;
  i_empty << p.ixx_kg_m2, 0, -p.ixz_kg_m2, 0, p.iyy_kg_m2, 0, -p.ixz_kg_m2, 0, p.izz_kg_m2;
  Mat3 inertia = i_empty + point_inertia(p.empty_mass_kg, p.empty_cg_b_m - mp.cg_b_m) +
                 point_inertia(payload_kg, p.payload_position_b_m - mp.cg_b_m);
  for (int i = 0; i < n; ++i)
    inertia += point_inertia(fuel_kg[i], p.tanks[i].position_b_m - mp.cg_b_m);
  mp.inertia_b_kg_m2 = inertia;
  mp.inertia_inv_b = inertia.inverse();
  return mp;
}

FuelArray distribute_fuel(const MassParams& p, double total) {
  FuelArray f{};
  double capacity = 0;
  for (const auto& t : p.tanks) capacity += t.capacity_kg;
  const double fraction = capacity > 0 ? std::clamp(total / capacity, 0.0, 1.0) : 0.0;
  for (std::size_t i = 0; i < p.tanks.size(); ++i) f[i] = fraction * p.tanks[i].capacity_kg;
  return f;
}

double total_fuel_kg(const FuelArray& f) {
  double s = 0;
  for (double x : f) s += x;
  return s;
}

void burn_fuel(FuelArray& f, double burnt) {
  const double total = total_fuel_kg(f);
  if (total <= 0 || burnt <= 0) return;
  const double keep = std::max(0.0, 1.0 - burnt / total);
  for (double& x : f) x *= keep;
}

}  // namespace kestrel
