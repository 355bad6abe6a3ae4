// Mass properties: total mass, centre of mass and inertia of the aircraft as payload and fuel
// change. Fuel and payload are point masses; the empty aircraft carries its own inertia.
#pragma once

#include <array>

#include "airframe/aircraft.h"

namespace kestrel {

struct MassProperties {
  double mass_kg = 0;
  Vec3 cg_b_m = Vec3::Zero();  // centre of mass, structural body frame
  Mat3 inertia_b_kg_m2;        // about the centre of mass, body axes
  Mat3 inertia_inv_b;          // its inverse
};

using FuelArray = std::array<double, kMaxFuelTanks>;  // fuel mass per tank [kg]

// Mass, CG and inertia for a payload mass and the fuel in each tank (parallel axis theorem).
MassProperties compute_mass_properties(const MassParams& p, double payload_kg,
                                       const FuelArray& fuel_kg);

// Fill the tanks with total_fuel_kg, in proportion to their capacities (clamped to capacity).
FuelArray distribute_fuel(const MassParams& p, double total_fuel_kg);

double total_fuel_kg(const FuelArray& fuel_kg);

// Take burnt_kg out of the tanks in proportion to the fuel each holds (none goes negative).
void burn_fuel(FuelArray& fuel_kg, double burnt_kg);

}  // namespace kestrel
