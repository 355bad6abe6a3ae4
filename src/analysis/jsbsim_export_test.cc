// Tests of the JSBSim export: the XML is well formed, the frame and unit conversions give the
// numbers worked out by hand for searcher2, and bad loadings or folders give clear errors.
#include "analysis/jsbsim_export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "airframe/aircraft_file.h"
#include "airframe/propulsion.h"

namespace kestrel {
namespace {

AircraftParams searcher() {
  Result<AircraftParams> ac =
      load_aircraft_file(std::string(KESTREL_DATA_DIR) + "/aircraft/searcher2.yaml");
  KESTREL_CHECK(ac.ok(), "searcher2.yaml must load");
  return ac.value();
}

// Minimal well-formedness check: one root element, every start tag closed in order, quoted
// attributes, comments without "--" inside (JSBSim's parser rejects those), no stray '&'.
bool well_formed(const std::string& s, std::string* why) {
  std::vector<std::string> stack;
  int roots = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '&') {
      const std::size_t semi = s.find(';', i);
      if (semi == std::string::npos || semi - i > 6)
        return *why = "stray & at " + std::to_string(i), false;
      i = semi + 1;
      continue;
    }
    if (s[i] != '<') {
      if (s[i] == '>') return *why = "stray > at " + std::to_string(i), false;
      ++i;
      continue;
    }
    if (s.compare(i, 4, "<!--") == 0) {
      const std::size_t end = s.find("-->", i + 4);
      if (end == std::string::npos) return *why = "unterminated comment", false;
      if (s.substr(i + 4, end - i - 4).find("--") != std::string::npos)
        return *why = "-- inside a comment", false;
      i = end + 3;
      continue;
    }
    const std::size_t end = s.find('>', i);
    if (end == std::string::npos) return *why = "unterminated tag", false;
    std::string tag = s.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.empty()) return *why = "empty tag", false;
    if (tag[0] == '?') continue;  // declaration
    if (std::count(tag.begin(), tag.end(), '"') % 2 != 0)
      return *why = "unbalanced quotes in <" + tag + ">", false;
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name)
        return *why = "</" + name + "> closes " +
                      (stack.empty() ? "nothing" : "<" + stack.back() + ">"),
               false;
      stack.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
    if (stack.empty()) ++roots;
    if (!self_closing) stack.push_back(name);
  }
  if (!stack.empty()) return *why = "<" + stack.back() + "> not closed", false;
  if (roots != 1) return *why = std::to_string(roots) + " root elements", false;
  return true;
}

// The text of the first <tag ...> ... </tag> element that contains `after` before it, from `from`.
std::string element_after(const std::string& xml, const std::string& marker,
                          const std::string& tag) {
  const std::size_t m = xml.find(marker);
  if (m == std::string::npos) return "";
  const std::size_t open = xml.find("<" + tag, m);
  const std::size_t gt = xml.find('>', open);
  const std::size_t close = xml.find("</" + tag + ">", gt);
  if (open == std::string::npos || close == std::string::npos) return "";
  return xml.substr(gt + 1, close - gt - 1);
}

double number_in(const std::string& xml, const std::string& marker, const std::string& tag) {
  return std::stod(element_after(xml, marker, tag));
}

TEST(JsbsimExport, FilesAreWellFormed) {
  Result<JsbsimFiles> f = export_jsbsim(searcher());
  ASSERT_TRUE(f.ok()) << f.error().message;
  for (const std::string* x :
       {&f.value().aircraft_xml, &f.value().engine_xml, &f.value().propeller_xml}) {
    std::string why;
    EXPECT_TRUE(well_formed(*x, &why)) << why;
  }
  EXPECT_EQ(f.value().engine_name, "searcher2_engine");
  EXPECT_EQ(f.value().propeller_name, "searcher2_propeller");
  // The checker itself rejects what it should.
  std::string why;
  EXPECT_FALSE(well_formed("<a><b></a></b>", &why));
  EXPECT_FALSE(well_formed("<a><!-- x -- y --></a>", &why));
  EXPECT_FALSE(well_formed("<a/><b/>", &why));
}

TEST(JsbsimExport, StructuralFrame) {
  const Vec3 s = jsbsim_structural_from_body_m(Vec3(-1.964, 0.5, -0.35));
  EXPECT_DOUBLE_EQ(s.x(), 1.964);  // aft +
  EXPECT_DOUBLE_EQ(s.y(), 0.5);    // right +
  EXPECT_DOUBLE_EQ(s.z(), 0.35);   // up +
}

TEST(JsbsimExport, ConvertedNumbers) {
  const AircraftParams ac = searcher();
  const std::string x = export_jsbsim(ac).value().aircraft_xml;
  // AERORP: Kestrel (-1.964, 0, -0.35) body FRD -> structural (1.964, 0, 0.35) m.
  EXPECT_DOUBLE_EQ(number_in(x, "name=\"AERORP\"", "x"), 1.964);
  EXPECT_DOUBLE_EQ(number_in(x, "name=\"AERORP\"", "z"), 0.35);
  // Inertia: plain-integral convention, Kestrel's ixz unchanged (X and Z both flip).
  EXPECT_NE(x.find("negated_crossproduct_inertia=\"false\""), std::string::npos);
  EXPECT_DOUBLE_EQ(number_in(x, "<mass_balance", "ixz"), ac.mass.ixz_kg_m2);
  EXPECT_DOUBLE_EQ(number_in(x, "<mass_balance", "emptywt"), 280.0);
  EXPECT_DOUBLE_EQ(number_in(x, "name=\"CG\"", "x"), 2.1365);
  // Default loading: 70 kg payload below the fuselage (z_b = +0.40 -> Z = -0.40), 100 kg fuel.
  EXPECT_DOUBLE_EQ(number_in(x, "name=\"payload\"", "weight"), 70.0);
  EXPECT_DOUBLE_EQ(number_in(x, "name=\"payload\"", "z"), -0.40);
  EXPECT_DOUBLE_EQ(number_in(x, "<tank", "contents"), 100.0);
  // Nose wheel: steerable 30 deg, no brake; main gear on the left/right brake groups.
  EXPECT_NEAR(number_in(x, "name=\"nose\"", "max_steer"), 30.0, 1e-9);
  EXPECT_NE(x.find("<brake_group> LEFT </brake_group>"), std::string::npos);
  EXPECT_NE(x.find("type=\"STRUCTURE\" name=\"nose_tip\""), std::string::npos);
  // Elevator travel +-20 deg in rad.
  EXPECT_NEAR(number_in(x, "name=\"fcs/pitch-scale\"", "max"), 20.0 * kPi / 180, 1e-9);
  // Aero: Kestrel's Cmq and CLalpha_dot appear as coefficients.
  EXPECT_NE(x.find("<value> -36.6 </value> <property> aero/ci2vel </property>"), std::string::npos);
  EXPECT_NE(x.find("<value> 2.42 </value> <property> aero/ci2vel </property> "
                   "<property> aero/alphadot-rad_sec </property>"),
            std::string::npos);

  const JsbsimFiles f = export_jsbsim(ac).value();
  EXPECT_NEAR(number_in(f.engine_xml, "<piston_engine", "maxhp"), 36000 / 745.69987158227, 1e-6);
  EXPECT_EQ(number_in(f.engine_xml, "<piston_engine", "cycles"), 2);
  EXPECT_DOUBLE_EQ(number_in(f.propeller_xml, "<propeller", "gearratio"), 2.32);
  EXPECT_DOUBLE_EQ(number_in(f.propeller_xml, "<propeller", "diameter"), 1.3);
  // 2-stroke, 36 kW at 6500 rpm and 6 bar: 554 cm^3.
  EXPECT_NEAR(jsbsim_engine_displacement_m3(ac.engine, true) * 1e6, 553.8, 0.1);
}

// The stopped-propeller corrections reproduce Kestrel's propeller at rest (JSBSim's gives nothing
// there): thrust [lbf] = kT rho V^2 / J_max^2, torque [lbf ft] = kQ rho V^2 / J_max^2 with rho in
// slug/ft^3 and V in ft/s; the torque acts on the airframe as -sense * Q about the thrust axis.
TEST(JsbsimExport, StoppedPropellerCorrections) {
  const AircraftParams ac = searcher();
  const std::string x = export_jsbsim(ac).value().aircraft_xml;
  const double kt = number_in(x, "name=\"aero/function/kestrel-prop-thrust-deficit-lbs\"", "value");
  const double kq =
      number_in(x, "name=\"aero/function/kestrel-prop-torque-deficit-lbsft\"", "value");
  const double j_max = ac.propeller.ct_of_j.x().back();
  const double rho = 1.058, v = 40;  // kg/m^3, m/s (1500 m, the glide of docs/jsbsim-export.md)
  const double rho_slug_ft3 = rho / 515.378818, v_fps = v / 0.3048;
  PropulsionInput in;
  in.ignition = false;
  in.rho_kg_m3 = rho;
  in.inflow_mps = v;
  const PropulsionOutput k = evaluate_propulsion(ac.engine, ac.propeller, EngineState{}, in, 0.0);
  ASSERT_LT(k.thrust_n, 0);        // a stopped propeller has drag ...
  ASSERT_LT(k.prop_torque_nm, 0);  // ... and a windmilling torque
  EXPECT_NEAR(kt * rho_slug_ft3 * v_fps * v_fps / (j_max * j_max) * 4.4482216152605, k.thrust_n,
              1e-6 * std::abs(k.thrust_n));
  EXPECT_NEAR(kq * rho_slug_ft3 * v_fps * v_fps / (j_max * j_max) * 1.3558179483314,
              k.prop_torque_nm, 1e-6 * std::abs(k.prop_torque_nm));
  // Inflow along the thrust axis (+x for searcher2); torque about it with -sense (clockwise: -1).
  EXPECT_NE(
      x.find(
          "<product> <value> 1 </value> <property> velocities/u-aero-fps </property> </product>"),
      std::string::npos);
  EXPECT_EQ(x.find("velocities/w-aero-fps"), std::string::npos);
  const std::string roll = element_after(x, "<axis name=\"ROLL\"", "axis");
  EXPECT_NE(roll.find("<product> <value> -1 </value> <property> "
                      "aero/function/kestrel-prop-torque-deficit-lbsft </property> </product>"),
            std::string::npos);
  EXPECT_EQ(element_after(x, "<axis name=\"PITCH\"", "axis").find("torque-deficit"),
            std::string::npos);
}

// static-friction is Kestrel's friction power at idle (viscous + Coulomb parts): searcher2, 10 % of
// 36 kW at 6500 rpm -> 5.289 N m at rated; at 2000 rpm 5.289 (0.7 x 2000/6500 + 0.3) = 2.726 N m,
// x 209.4 rad/s = 570.9 W.
TEST(JsbsimExport, EngineFrictionAtIdle) {
  const AircraftParams ac = searcher();
  EXPECT_NEAR(jsbsim_engine_friction_power_w(ac.engine, ac.propeller, 2000), 570.9, 0.1);
  const std::string e = export_jsbsim(ac).value().engine_xml;
  EXPECT_NEAR(number_in(e, "<piston_engine", "static-friction"), 570.9 / 745.69987158227, 1e-4);
}

TEST(JsbsimExport, BadLoadingIsAnError) {
  JsbsimExportOptions opt;
  opt.payload_kg = 500;
  Result<JsbsimFiles> f = export_jsbsim(searcher(), opt);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("payload"), std::string::npos);
  opt.payload_kg = -1;
  opt.fuel_kg = 1000;
  f = export_jsbsim(searcher(), opt);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("capacity"), std::string::npos);
}

TEST(JsbsimExport, WritesLayoutAndReportsUnwritableFolder) {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("kestrel_jsbsim_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const JsbsimFiles f = export_jsbsim(searcher()).value();
  Result<std::vector<std::string>> w = write_jsbsim_files(f, root.string());
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_TRUE(fs::exists(root / "aircraft/searcher2/searcher2.xml"));
  EXPECT_TRUE(fs::exists(root / "engine/searcher2_engine.xml"));
  EXPECT_TRUE(fs::exists(root / "engine/searcher2_propeller.xml"));
  // A regular file where the root folder should be.
  const fs::path blocker = root / "a_file";
  std::ofstream(blocker) << "x";
  Result<std::vector<std::string>> bad = write_jsbsim_files(f, (blocker / "sub").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("cannot create folder"), std::string::npos);
  fs::remove_all(root);
}

}  // namespace
}  // namespace kestrel
