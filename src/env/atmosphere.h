// U.S. Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562), 0..86 km geometric altitude,
// plus a hot/cold-day temperature offset and a QNH (sea-level pressure) setting.
//
// The standard is defined on geopotential altitude H; every public function here takes GEOMETRIC
// altitude Z and converts with H = r0 Z / (r0 + Z), r0 = 6356766 m (the standard's eq. 18).
// Inputs are clamped to [kAtmosphereMinAltM, kAtmosphereMaxAltM]. Nothing here allocates or throws.
#pragma once

namespace kestrel {

// Air state at a point. Written by isa1976() / atmosphere().
struct AirData {
  double temperature_k = 0;       // static (ambient) temperature [K]
  double pressure_pa = 0;         // static pressure [Pa]
  double density_kg_m3 = 0;       // density [kg/m^3]
  double speed_of_sound_mps = 0;  // speed of sound [m/s]
};

// Constants of the 1976 standard (Table 2 / eq. 1-50 of NOAA-S/T 76-1562).
inline constexpr double kIsaGasConstantUniversal = 8.31432;  // R* [J/(mol K)]
inline constexpr double kIsaMolarMass = 0.0289644;           // M0, sea-level molar mass [kg/mol]
inline constexpr double kIsaG0 = 9.80665;                    // g0' [m^2/(s^2 m')]
inline constexpr double kIsaGamma = 1.4;                     // ratio of specific heats [-]
inline constexpr double kIsaEarthRadiusM = 6356766.0;        // r0 for H <-> Z conversion [m]
// Specific gas constant R = R*/M0 = 287.05307 J/(kg K), exactly as the 1976 standard's gas law
// rho = P M0 / (R* T). (ICAO/ISO 2533 quote 287.05287, from M = 28.96442 kg/kmol: 7e-7 apart.)
inline constexpr double kIsaGasConstantAir = kIsaGasConstantUniversal / kIsaMolarMass;
inline constexpr double kIsaSeaLevelPressurePa = 101325.0;  // P0 [Pa]
inline constexpr double kIsaSeaLevelTemperatureK = 288.15;  // T0 [K]
inline constexpr double kAtmosphereMinAltM = -5000.0;       // lowest geometric altitude [m]
inline constexpr double kAtmosphereMaxAltM = 86000.0;       // top of the 7 layers, geometric [m]

// Geopotential altitude [m'] of a geometric altitude [m] (and back), r0 = kIsaEarthRadiusM.
double geopotential_from_geometric_m(double alt_geometric_m);
double geometric_from_geopotential_m(double alt_geopotential_m);

// The standard day at a geometric altitude above mean sea level [m]. Pure; one pow or exp.
AirData isa1976(double alt_geometric_m);

// A non-standard day. Constant parameters, set by the scenario.
struct AtmosphereParams {
  // Temperature offset from the standard profile, the same at every altitude [K], + = hot day.
  double temperature_offset_k = 0;
  // Pressure at 0 m AMSL (QNH) [Pa]; 101325 = standard.
  double qnh_pa = kIsaSeaLevelPressurePa;
};

// Air at a geometric altitude above mean sea level [m] on the day described by `p`.
//
// Convention (chosen for physical consistency, so that a barometric altimeter shows the real
// temperature error on a hot or cold day, as in ICAO Doc 8168 cold-temperature corrections):
//  * temperature T(H) = T_isa(H) + temperature_offset_k;
//  * pressure from the hydrostatic equation integrated through THAT temperature profile,
//    dp/p = -g0 M0 dH / (R* T(H)) (layer formulas of the standard with T_b + dT), so a hot day
//    has higher pressure aloft at the same geometric altitude than the standard day;
//  * QNH scales the whole pressure profile by qnh_pa / 101325. Because the hydrostatic equation
//    is linear in p, the scaled profile is still an exact hydrostatic solution with the same
//    temperatures, gives p(0 m) = QNH exactly, and equals the standard when QNH = 101325.
//    (It differs from "shift the ISA profile by the QNH height" only in keeping T(0) = T0 + dT.)
//  * density from the gas law rho = p / (R T); speed of sound sqrt(gamma R T).
// With the default params the result equals isa1976() exactly.
AirData atmosphere(const AtmosphereParams& p, double alt_amsl_m);

// Pressure altitude: the GEOMETRIC altitude [m] at which the standard atmosphere has pressure
// `pressure_pa` (exact inverse of isa1976(); valid over the whole -5..86 km range, clamped).
double pressure_altitude_m(double pressure_pa);
// The same as a geopotential altitude [m'] (the ICAO altimeter-calibration definition).
double pressure_altitude_geopotential_m(double pressure_pa);

}  // namespace kestrel
