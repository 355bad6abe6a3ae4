#include "env/atmosphere.h"

#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

// The seven layers of the 1976 standard below 84.852 km' (Table 4): base geopotential altitude,
// base temperature, lapse rate, base pressure. The base pressures are the standard's own values,
// which follow from chaining the layer formulas up from P0 (atmosphere_test.cc checks the chain).
struct Layer {
  double base_h_m;   // H_b [m']
  double base_t_k;   // T_b [K]
  double lapse_k_m;  // L_b [K/m']
  double base_p_pa;  // P_b [Pa] on the standard day
};
constexpr int kLayerCount = 7;
constexpr Layer kLayers[kLayerCount] = {
    {0.0, 288.15, -0.0065, 101325.0},        {11000.0, 216.65, 0.0, 22632.063973},
    {20000.0, 216.65, 0.001, 5474.8886697},  {32000.0, 228.65, 0.0028, 868.01868476},
    {47000.0, 270.65, 0.0, 110.90630555},    {51000.0, 270.65, -0.0028, 66.938873119},
    {71000.0, 214.65, -0.002, 3.9564204280},
};
// g0 M0 / R*: the hydrostatic constant [K/m'].
constexpr double kHydro = kIsaG0 * kIsaMolarMass / kIsaGasConstantUniversal;

int layer_index(double h_m) {
  int i = kLayerCount - 1;
  while (i > 0 && h_m < kLayers[i].base_h_m) --i;
  return i;
}

// Pressure ratio across height dh [m'] within a layer whose base temperature is t_base_k.
double layer_pressure_ratio(double t_base_k, double lapse_k_m, double dh_m) {
  if (lapse_k_m == 0.0) return std::exp(-kHydro * dh_m / t_base_k);
  return std::pow(t_base_k / (t_base_k + lapse_k_m * dh_m), kHydro / lapse_k_m);
}

AirData from_pt(double pressure_pa, double temperature_k) {
  AirData a;
  a.temperature_k = temperature_k;
  a.pressure_pa = pressure_pa;
  a.density_kg_m3 = pressure_pa / (kIsaGasConstantAir * temperature_k);
  a.speed_of_sound_mps = std::sqrt(kIsaGamma * kIsaGasConstantAir * temperature_k);
  return a;
}

double clamp_alt(double z_m) { return std::clamp(z_m, kAtmosphereMinAltM, kAtmosphereMaxAltM); }

}  // namespace

double geopotential_from_geometric_m(double alt_geometric_m) {
  return kIsaEarthRadiusM * alt_geometric_m / (kIsaEarthRadiusM + alt_geometric_m);
}

double geometric_from_geopotential_m(double alt_geopotential_m) {
  return kIsaEarthRadiusM * alt_geopotential_m / (kIsaEarthRadiusM - alt_geopotential_m);
}

AirData isa1976(double alt_geometric_m) {
  const double h = geopotential_from_geometric_m(clamp_alt(alt_geometric_m));
  const Layer& l = kLayers[layer_index(h)];
  const double dh = h - l.base_h_m;
  return from_pt(l.base_p_pa * layer_pressure_ratio(l.base_t_k, l.lapse_k_m, dh),
                 l.base_t_k + l.lapse_k_m * dh);
}

AirData atmosphere(const AtmosphereParams& p, double alt_amsl_m) {
  const double dt = p.temperature_offset_k;
  const double scale = p.qnh_pa / kIsaSeaLevelPressurePa;
  if (dt == 0.0) {
    AirData a = isa1976(alt_amsl_m);
    if (scale == 1.0) return a;
    return from_pt(a.pressure_pa * scale, a.temperature_k);
  }
  // Hot/cold day: chain the layer bases up through T + dt (one pow/exp per layer crossed; a
  // UAV below 11 km pays one pow, as on the standard day).
  const double h = geopotential_from_geometric_m(clamp_alt(alt_amsl_m));
  const int top = layer_index(h);
  double p_base = kIsaSeaLevelPressurePa * scale;
  for (int i = 0; i < top; ++i) {
    const Layer& l = kLayers[i];
    p_base *=
        layer_pressure_ratio(l.base_t_k + dt, l.lapse_k_m, kLayers[i + 1].base_h_m - l.base_h_m);
  }
  const Layer& l = kLayers[top];
  const double dh = h - l.base_h_m;
  return from_pt(p_base * layer_pressure_ratio(l.base_t_k + dt, l.lapse_k_m, dh),
                 l.base_t_k + dt + l.lapse_k_m * dh);
}

double pressure_altitude_geopotential_m(double pressure_pa) {
  const double p_min = isa1976(kAtmosphereMaxAltM).pressure_pa;
  const double p_max = isa1976(kAtmosphereMinAltM).pressure_pa;
  const double p = std::clamp(pressure_pa, p_min, p_max);
  int i = kLayerCount - 1;
  while (i > 0 && p > kLayers[i].base_p_pa) --i;
  const Layer& l = kLayers[i];
  if (l.lapse_k_m == 0.0) return l.base_h_m + l.base_t_k / kHydro * std::log(l.base_p_pa / p);
  // T = T_b (p_b/p)^(-L/kHydro), H = H_b + (T - T_b)/L.
  const double t = l.base_t_k * std::pow(p / l.base_p_pa, -l.lapse_k_m / kHydro);
  return l.base_h_m + (t - l.base_t_k) / l.lapse_k_m;
}

double pressure_altitude_m(double pressure_pa) {
  return geometric_from_geopotential_m(pressure_altitude_geopotential_m(pressure_pa));
}

}  // namespace kestrel
