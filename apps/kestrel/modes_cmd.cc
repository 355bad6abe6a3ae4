// kestrel modes: trim, linearise the nonlinear model about the trim (analysis/modes.h) and name
// the classical modes: short period, phugoid, Dutch roll, roll subsidence, spiral.
#include <cstdio>

#include "analysis/modes.h"
#include "commands.h"
#include "common.h"

namespace kestrel::cli {

namespace {

nlohmann::json second_order_json(const SecondOrderMode& mode) {
  nlohmann::json j;
  j["wn_rad_s"] = round_to(mode.wn_rad_s, 5);
  j["zeta"] = round_to(mode.zeta, 5);
  j["period_s"] = mode.period_s ? nlohmann::json(round_to(*mode.period_s, 3)) : nlohmann::json();
  j["eigenvalue"] = {round_to(mode.eigenvalue.real(), 6), round_to(mode.eigenvalue.imag(), 6)};
  return j;
}

nlohmann::json first_order_json(const FirstOrderMode& mode) {
  nlohmann::json j;
  j["eigenvalue"] = round_to(mode.eigenvalue, 6);
  // Time to half (stable) or to double (divergent) amplitude.
  if (mode.eigenvalue != 0)
    j[mode.eigenvalue < 0 ? "time_to_half_s" : "time_to_double_s"] =
        round_to(std::log(2.0) / std::abs(mode.eigenvalue), 3);
  return j;
}

nlohmann::json eig_json(const std::vector<std::complex<double>>& v) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& l : v) j.push_back({round_to(l.real(), 6), round_to(l.imag(), 6)});
  return j;
}

template <typename M>
nlohmann::json matrix_json(const M& a) {
  nlohmann::json j = nlohmann::json::array();
  for (int i = 0; i < a.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (int k = 0; k < a.cols(); ++k) row.push_back(a(i, k));
    j.push_back(row);
  }
  return j;
}

template <typename M>
void print_matrix(const char* title, const M& a, const char* const* rows, const char* const* cols) {
  std::printf("%s\n%8s", title, "");
  for (int k = 0; k < a.cols(); ++k) std::printf(" %12s", cols[k]);
  std::printf("\n");
  for (int i = 0; i < a.rows(); ++i) {
    std::printf("%8s", rows[i]);
    for (int k = 0; k < a.cols(); ++k) std::printf(" %12.5g", a(i, k));
    std::printf("\n");
  }
}

RunFn setup(CLI::App& app) {
  struct Opts {
    std::string aircraft = "searcher2";
    double airspeed = 40, altitude = 3000, mass = 450;
    bool json = false, matrices = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("aircraft,--aircraft", o->aircraft, "Aircraft: a built-in name or a file")
      ->capture_default_str();
  app.add_option("--airspeed", o->airspeed, "True airspeed [m/s]")
      ->check(CLI::Range(5.0, 150.0))
      ->capture_default_str();
  app.add_option("--altitude", o->altitude, "Altitude above mean sea level [m]")
      ->check(CLI::Range(0.0, 20000.0))
      ->capture_default_str();
  app.add_option("--mass-kg", o->mass, "Total mass [kg] (70 kg payload, the rest fuel)")
      ->check(CLI::Range(1.0, 5000.0))
      ->capture_default_str();
  app.add_flag("--json", o->json, "Print the result as JSON");
  app.add_flag("--matrices", o->matrices, "Also print the A and B matrices");

  return [o]() -> int {
    Result<VehicleModel> model = make_model(o->aircraft);
    if (!model.ok()) return fail(model.error().message);
    const VehicleModel& m = model.value();
    Result<Loading> loading = loading_for_mass(m.aircraft, o->mass);
    if (!loading.ok()) return fail("--mass-kg: " + loading.error().message);
    TrimRequest req;
    req.airspeed_mps = o->airspeed;
    req.altitude_m = o->altitude;
    req.loading = loading.value();
    const TrimResult t = trim(m, req);
    if (!t.converged)
      return fail("no level trim at " + std::to_string(o->airspeed) + " m/s, " +
                  std::to_string(o->altitude) + " m (residual " + std::to_string(t.residual) + ")");
    const ModesResult r = analyse_modes(m, t);

    static const char* const kStates[] = {"u", "w", "q", "theta", "v", "p", "r", "phi"};
    static const char* const kInputs[] = {"elevator", "throttle", "aileron", "rudder"};
    nlohmann::json j;
    j["airspeed_mps"] = round_to(o->airspeed, 3);
    j["altitude_m"] = round_to(o->altitude, 1);
    j["mass_kg"] = round_to(t.mass_kg, 2);
    j["trim"] = {{"alpha_deg", round_to(t.alpha_rad * kDegPerRad, 4)},
                 {"elevator_deg", round_to(t.elevator_rad * kDegPerRad, 4)},
                 {"throttle", round_to(t.throttle, 4)}};
    j["short_period"] = second_order_json(r.short_period);
    j["phugoid"] = second_order_json(r.phugoid);
    j["dutch_roll"] = second_order_json(r.dutch_roll);
    j["roll"] = first_order_json(r.roll);
    j["spiral"] = first_order_json(r.spiral);
    j["eigenvalues_longitudinal"] = eig_json(r.eig_lon);
    j["eigenvalues_lateral"] = eig_json(r.eig_lat);
    j["eigenvalues_coupled"] = eig_json(r.eig_coupled);
    if (o->matrices) {
      j["states"] = kStates;
      j["inputs"] = kInputs;
      j["a"] = matrix_json(r.linear.a);
      j["b"] = matrix_json(r.linear.b);
    }
    const bool named = r.short_period.found && r.phugoid.found && r.dutch_roll.found &&
                       r.roll.found && r.spiral.found;

    if (o->json) {
      print_json(j);
    } else {
      std::printf("Modes of %s at %.1f m/s TAS, %.0f m AMSL, %.1f kg (alpha %.2f deg)\n",
                  m.aircraft.name.c_str(), o->airspeed, o->altitude, t.mass_kg,
                  t.alpha_rad * kDegPerRad);
      auto so = [](const char* name, const SecondOrderMode& s) {
        std::printf("  %-13s wn %8.4f rad/s  zeta %7.4f  period %s s   (%.5f %+.5fi)\n", name,
                    s.wn_rad_s, s.zeta,
                    s.period_s ? std::to_string(*s.period_s).substr(0, 7).c_str() : "   -   ",
                    s.eigenvalue.real(), s.eigenvalue.imag());
      };
      so("short period", r.short_period);
      so("phugoid", r.phugoid);
      so("dutch roll", r.dutch_roll);
      std::printf("  %-13s eigenvalue %+.5f 1/s\n", "roll", r.roll.eigenvalue);
      std::printf("  %-13s eigenvalue %+.5f 1/s (positive: divergent)\n", "spiral",
                  r.spiral.eigenvalue);
      if (o->matrices) {
        print_matrix("A (states u w q theta | v p r phi; SI, rad)", r.linear.a, kStates, kStates);
        print_matrix("B (inputs: elevator [rad], throttle [0..1], aileron, rudder [rad])",
                     r.linear.b, kStates, kInputs);
        std::printf("Coupled eigenvalues:");
        for (const auto& l : r.eig_coupled) std::printf(" (%.5f %+.5fi)", l.real(), l.imag());
        std::printf("\n");
      }
      if (!named) std::printf("  (not every mode could be named from the eigenvalues)\n");
    }
    return named ? 0 : 3;
  };
}

const bool registered = register_command(
    {"modes", "Linearise about a trim: A/B matrices, eigenvalues and named modes", 30, setup});

}  // namespace
}  // namespace kestrel::cli
