#include "analysis/jsbsim_export.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "airframe/mass.h"
#include "airframe/propulsion.h"
#include "core/xml.h"

namespace kestrel {
namespace {

constexpr double kFtPerM = 1.0 / 0.3048;
constexpr double kWattPerHp = 745.69987158227;
constexpr double kLbfFtPerNm = 0.737562149277;
constexpr double kIn3PerM3 = 61023.7440947;

// Shortest text that round-trips a double well enough for a model file.
std::string num(double v) {
  if (v == 0) return "0";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// <location [name="..."] unit="M"> in the JSBSim structural frame.
std::string location(const std::string& indent, const Vec3& p_b_m, const std::string& name = "") {
  const Vec3 s = jsbsim_structural_from_body_m(p_b_m);
  std::string out = indent + "<location" + (name.empty() ? "" : " name=\"" + name + "\"") +
                    " unit=\"M\"> <x> " + num(s.x()) + " </x> <y> " + num(s.y()) + " </y> <z> " +
                    num(s.z()) + " </z> </location>\n";
  return out;
}

std::string elem(const std::string& indent, const std::string& tag, double v,
                 const std::string& unit = "") {
  return indent + "<" + tag + (unit.empty() ? "" : " unit=\"" + unit + "\"") + "> " + num(v) +
         " </" + tag + ">\n";
}

std::string prop(const std::string& name) { return "<property> " + name + " </property>"; }
std::string val(double v) { return "<value> " + num(v) + " </value>"; }

// A 1-D table of alpha [rad] (JSBSim clamps outside the breakpoints, as Table1D does).
std::string alpha_table(const std::string& indent, const Table1D& t) {
  std::string out = indent + "<table>\n" + indent +
                    "  <independentVar lookup=\"row\"> aero/alpha-rad </independentVar>\n" +
                    indent + "  <tableData>\n";
  for (std::size_t i = 0; i < t.x().size(); ++i)
    out += indent + "    " + num(t.x()[i]) + "  " + num(t.y()[i]) + "\n";
  out += indent + "  </tableData>\n" + indent + "</table>\n";
  return out;
}

std::string two_column_table(const std::string& indent, const std::string& name, const Table1D& t) {
  std::string out =
      indent + "<table name=\"" + name + "\" type=\"internal\">\n" + indent + "  <tableData>\n";
  for (std::size_t i = 0; i < t.x().size(); ++i)
    out += indent + "    " + num(t.x()[i]) + "  " + num(t.y()[i]) + "\n";
  out += indent + "  </tableData>\n" + indent + "</table>\n";
  return out;
}

// Sum of coefficient terms: each term is (derivative, list of property factors). Zero derivatives
// are left out; an empty sum is written as a zero value.
struct Term {
  double k;
  std::vector<std::string> factors;  // property names (product)
};

std::string coefficient_sum(const std::string& indent, const std::vector<Term>& terms) {
  std::string out = indent + "<sum>\n";
  int n = 0;
  for (const Term& t : terms) {
    if (t.k == 0) continue;
    ++n;
    out += indent + "  <product> " + val(t.k);
    for (const std::string& f : t.factors) {
      out += ' ';
      out += prop(f);
    }
    out += " </product>\n";
  }
  if (n < 2) out += indent + "  " + val(0) + "\n";  // <sum> needs two arguments
  if (n == 0) out += indent + "  " + val(0) + "\n";
  out += indent + "</sum>\n";
  return out;
}

// A named pre-function (a dimensionless coefficient, evaluated before the axes).
std::string named_function(const std::string& name, const std::string& description,
                           const std::string& body) {
  return "    <function name=\"" + name + "\">\n      <description> " + description +
         " </description>\n" + body + "    </function>\n";
}

// An axis function: qbar * S [* ref length] * (body).
std::string axis_function(const std::string& name, const std::string& ref_length,
                          const std::string& body_inner) {
  std::string out = "      <function name=\"" + name + "\">\n        <product>\n";
  out += "          " + prop("aero/qbar-psf") + "\n          " + prop("metrics/Sw-sqft") + "\n";
  if (!ref_length.empty()) out += "          " + prop(ref_length) + "\n";
  out += body_inner + "        </product>\n      </function>\n";
  return out;
}

// Products written inside a <sum>: k * sin/cos factors * a propeller correction (by default the
// thrust correction T).
std::string trig_term(
    double k, const std::vector<std::string>& trig, const std::string& indent,
    const std::string& correction = "aero/function/kestrel-prop-thrust-deficit-lbs") {
  std::string out = indent + "<product> " + val(k) + " " + prop(correction);
  for (const std::string& t : trig) out += " " + t;
  out += " </product>\n";
  return out;
}

const std::string kCa = "<cos> <property> aero/alpha-rad </property> </cos>";
const std::string kSa = "<sin> <property> aero/alpha-rad </property> </sin>";
const std::string kCb = "<cos> <property> aero/beta-rad </property> </cos>";
const std::string kSb = "<sin> <property> aero/beta-rad </property> </sin>";

std::string engine_name(const AircraftParams& ac) { return ac.name + "_engine"; }
std::string propeller_name(const AircraftParams& ac) { return ac.name + "_propeller"; }

std::string make_aircraft_xml(const AircraftParams& ac, double payload_kg,
                              const FuelArray& fuel_kg) {
  const GeometryParams& g = ac.geometry;
  const MassParams& m = ac.mass;
  const AeroParams& a = ac.aero;
  const PropellerParams& pr = ac.propeller;
  const ActuatorSetParams& act = ac.actuators;
  std::ostringstream x;

  x << "<?xml version=\"1.0\"?>\n";
  x << "<!-- Generated by kestrel export-jsbsim from "
    << xml_escape(ac.source_path.empty() ? ac.name : ac.source_path)
    << ".\n     Structural frame: X aft, Y right, Z up, metres, origin at the Kestrel datum (nose\n"
    << "     tip). Surface signs as Kestrel (elevator TE down +, aileron right-up + rolls right,\n"
    << "     rudder TE left + yaws left). See docs/jsbsim-export.md. -->\n";
  x << "<fdm_config name=\"" << xml_escape(ac.name) << "\" version=\"2.0\" release=\"ALPHA\">\n";
  x << "  <fileheader>\n    <author> kestrel export-jsbsim </author>\n";
  x << "    <description> " << xml_escape(ac.description.empty() ? ac.name : ac.description)
    << " </description>\n  </fileheader>\n\n";

  // Metrics. The eye point and the VRP are at the datum (Kestrel has no pilot eye).
  x << "  <metrics>\n";
  x << elem("    ", "wingarea", g.wing_area_m2, "M2");
  x << elem("    ", "wingspan", g.span_m, "M");
  x << elem("    ", "chord", g.mac_m, "M");
  x << location("    ", g.aero_ref_b_m, "AERORP");
  x << location("    ", Vec3::Zero(), "EYEPOINT");
  x << location("    ", Vec3::Zero(), "VRP");
  x << "  </metrics>\n\n";

  // Mass: the empty aircraft, the payload as a point mass; fuel is in the tanks (propulsion).
  // Products of inertia: with negated_crossproduct_inertia="false" JSBSim takes the plain integral
  // ixz = ∫ x z dm in its structural axes; X and Z both flip sign from body FRD, so the number is
  // Kestrel's body ixz unchanged (ixy = iyz = 0 in Kestrel).
  x << "  <mass_balance negated_crossproduct_inertia=\"false\">\n";
  x << elem("    ", "ixx", m.ixx_kg_m2, "KG*M2");
  x << elem("    ", "iyy", m.iyy_kg_m2, "KG*M2");
  x << elem("    ", "izz", m.izz_kg_m2, "KG*M2");
  x << elem("    ", "ixy", 0, "KG*M2");
  x << elem("    ", "ixz", m.ixz_kg_m2, "KG*M2");
  x << elem("    ", "iyz", 0, "KG*M2");
  x << elem("    ", "emptywt", m.empty_mass_kg, "KG");
  x << location("    ", m.empty_cg_b_m, "CG");
  x << "    <pointmass name=\"payload\">\n";
  x << elem("      ", "weight", payload_kg, "KG");
  x << location("      ", m.payload_position_b_m);
  x << "    </pointmass>\n";
  x << "  </mass_balance>\n\n";

  // Ground reactions.
  x << "  <ground_reactions>\n";
  for (const ContactParams& c : ac.contacts) {
    const bool wheel = c.kind == ContactKind::kWheel;
    x << "    <contact type=\"" << (wheel ? "BOGEY" : "STRUCTURE") << "\" name=\""
      << xml_escape(c.name) << "\">\n";
    x << location("      ", c.position_b_m);
    x << elem("      ", "static_friction", c.static_friction);
    x << elem("      ", "dynamic_friction", c.dynamic_friction);
    if (wheel) x << elem("      ", "rolling_friction", c.rolling_friction);
    x << elem("      ", "spring_coeff", c.spring_n_per_m, "N/M");
    x << elem("      ", "damping_coeff", c.damping_n_s_per_m, "N/M/SEC");
    x << elem("      ", "damping_coeff_rebound", c.damping_rebound_n_s_per_m, "N/M/SEC");
    if (wheel) {
      x << elem("      ", "max_steer", c.max_steer_rad * kDegPerRad, "DEG");
      const char* group = c.brake_group == BrakeGroup::kLeft    ? "LEFT"
                          : c.brake_group == BrakeGroup::kRight ? "RIGHT"
                                                                : "NONE";
      x << "      <brake_group> " << group << " </brake_group>\n";
      x << "      <retractable> 0 </retractable>\n";
    }
    x << "    </contact>\n";
  }
  x << "  </ground_reactions>\n\n";

  // Propulsion: one piston engine, one propeller, the tanks (all feeding the engine).
  const Vec3& ax = pr.thrust_axis_b;
  const double yaw_deg = std::atan2(ax.y(), ax.x()) * kDegPerRad;
  const double pitch_deg = std::atan2(-ax.z(), std::hypot(ax.x(), ax.y())) * kDegPerRad;
  x << "  <propulsion>\n";
  x << "    <engine file=\"" << engine_name(ac) << "\">\n";
  for (std::size_t i = 0; i < m.tanks.size(); ++i) x << "      <feed> " << i << " </feed>\n";
  x << "      <thruster file=\"" << propeller_name(ac) << "\">\n";
  x << location("        ", pr.position_b_m);
  x << "        <orient unit=\"DEG\"> <roll> 0 </roll> <pitch> " << num(pitch_deg)
    << " </pitch> <yaw> " << num(yaw_deg) << " </yaw> </orient>\n";
  x << "        <sense> " << (pr.rotation_sign >= 0 ? 1 : -1) << " </sense>\n";
  x << "        <p_factor> 0 </p_factor>\n";
  x << "      </thruster>\n    </engine>\n";
  for (std::size_t i = 0; i < m.tanks.size(); ++i) {
    const FuelTankParams& t = m.tanks[i];
    x << "    <tank type=\"FUEL\">  <!-- " << xml_escape(t.name) << " -->\n";
    x << location("      ", t.position_b_m);
    x << elem("      ", "capacity", t.capacity_kg, "KG");
    x << elem("      ", "contents", fuel_kg[i], "KG");
    x << "    </tank>\n";
  }
  x << "  </propulsion>\n\n";

  // Flight control: direct channels, command [-1, 1] (+ trim) -> position [rad] within Kestrel's
  // travel (aerosurface_scale is zero-centred: +1 -> max, -1 -> min). No servo lags.
  auto channel = [&](const std::string& chan, const std::string& cmd, const std::string& trim,
                     const std::string& out, const ActuatorParams& p) {
    std::string s = "    <channel name=\"" + chan + "\">\n";
    s += "      <summer name=\"fcs/" + chan + "-cmd-sum\">\n";
    s += "        <input> " + cmd + " </input>\n        <input> " + trim + " </input>\n";
    s += "        <clipto> <min> -1 </min> <max> 1 </max> </clipto>\n      </summer>\n";
    s += "      <aerosurface_scale name=\"fcs/" + chan + "-scale\">\n";
    s += "        <input> fcs/" + chan + "-cmd-sum </input>\n";
    s += "        <range> <min> " + num(p.min) + " </min> <max> " + num(p.max) +
         " </max> </range>\n";
    s += "        <output> " + out + " </output>\n      </aerosurface_scale>\n";
    return s;
  };
  x << "  <flight_control name=\"" << xml_escape(ac.name) << " direct FCS\">\n";
  x << channel("pitch", "fcs/elevator-cmd-norm", "fcs/pitch-trim-cmd-norm", "fcs/elevator-pos-rad",
               act.elevator)
    << "    </channel>\n";
  x << channel("roll", "fcs/aileron-cmd-norm", "fcs/roll-trim-cmd-norm", "fcs/left-aileron-pos-rad",
               act.aileron);
  x << "      <pure_gain name=\"fcs/right-aileron-mirror\">\n"
       "        <input> fcs/left-aileron-pos-rad </input>\n        <gain> -1 </gain>\n"
       "        <output> fcs/right-aileron-pos-rad </output>\n      </pure_gain>\n    </channel>\n";
  x << channel("yaw", "fcs/rudder-cmd-norm", "fcs/yaw-trim-cmd-norm", "fcs/rudder-pos-rad",
               act.rudder)
    << "    </channel>\n";
  if (act.has_flaps) {
    x << "    <channel name=\"flaps\">\n      <aerosurface_scale name=\"fcs/flaps-scale\">\n"
         "        <input> fcs/flap-cmd-norm </input>\n"
         "        <domain> <min> 0 </min> <max> 1 </max> </domain>\n"
      << "        <range> <min> " << num(act.flap.min) << " </min> <max> " << num(act.flap.max)
      << " </max> </range>\n        <zero_centered> false </zero_centered>\n"
         "        <output> fcs/flap-pos-rad </output>\n      </aerosurface_scale>\n    "
         "</channel>\n";
  }
  x << "  </flight_control>\n\n";

  // Aerodynamics: Kestrel's build-up (aero.cc). The coefficients are pre-functions; the axis
  // functions turn them into forces [lbf] and moments [lbf ft].
  const std::string P = "velocities/p-aero-rad_sec", Q = "velocities/q-aero-rad_sec",
                    R = "velocities/r-aero-rad_sec", B2V = "aero/bi2vel", C2V = "aero/ci2vel",
                    DE = "fcs/elevator-pos-rad", DA = "fcs/left-aileron-pos-rad",
                    DR = "fcs/rudder-pos-rad", DF = "fcs/flap-pos-rad", BETA = "aero/beta-rad";
  const double df_on = act.has_flaps ? 1.0 : 0.0;
  x << "  <aerodynamics>\n";

  // CL without the alpha_dot term (that one is added in the LIFT axis; Kestrel's polar drag uses
  // this CL, as aero.cc does).
  x << named_function(
      "aero/function/kestrel-CL", "CL(alpha) + CLq q^ + CLde de + CLdf df",
      "      <sum>\n" + alpha_table("        ", a.cl_alpha) +
          coefficient_sum("        ",
                          {{a.cl_q, {C2V, Q}}, {a.cl_elevator, {DE}}, {a.cl_flap * df_on, {DF}}}) +
          "      </sum>\n");
  {
    std::string base;
    if (a.drag_table) {
      base = alpha_table("          ", a.cd_alpha);
    } else {
      base = "          <sum> " + val(a.cd0) + " <product> " + val(a.k_induced) + " " +
             prop("aero/function/kestrel-CL") + " " + prop("aero/function/kestrel-CL") +
             " </product> </sum>\n";
    }
    std::string body = "      <sum>\n" + base;
    body += "        <product> " + val(a.cd_beta2) + " " + prop(BETA) + " " + prop(BETA) +
            " </product>\n";
    body +=
        "        <product> " + val(a.cd_elevator) + " <abs> " + prop(DE) + " </abs> </product>\n";
    if (act.has_flaps)
      body += "        <product> " + val(a.cd_flap) + " " + prop(DF) + " </product>\n";
    body += "      </sum>\n";
    x << named_function("aero/function/kestrel-CD",
                        a.drag_table ? "CD(alpha) + CDbeta2 beta^2 + CDde |de| + CDdf df"
                                     : "CD0 + k CL^2 + CDbeta2 beta^2 + CDde |de| + CDdf df",
                        body);
  }
  x << named_function("aero/function/kestrel-CY", "side force coefficient, body y",
                      coefficient_sum("      ", {{a.cy_beta, {BETA}},
                                                 {a.cy_p, {B2V, P}},
                                                 {a.cy_r, {B2V, R}},
                                                 {a.cy_aileron, {DA}},
                                                 {a.cy_rudder, {DR}}}));
  x << named_function("aero/function/kestrel-Croll", "rolling moment coefficient about AERORP",
                      coefficient_sum("      ", {{a.croll_beta, {BETA}},
                                                 {a.croll_p, {B2V, P}},
                                                 {a.croll_r, {B2V, R}},
                                                 {a.croll_aileron, {DA}},
                                                 {a.croll_rudder, {DR}}}));
  x << named_function(
      "aero/function/kestrel-Cm", "Cm(alpha) + Cmq q^ + Cmde de + Cmdf df (no alpha_dot)",
      "      <sum>\n" + alpha_table("        ", a.cm_alpha) +
          coefficient_sum("        ",
                          {{a.cm_q, {C2V, Q}}, {a.cm_elevator, {DE}}, {a.cm_flap * df_on, {DF}}}) +
          "      </sum>\n");
  x << named_function("aero/function/kestrel-Cn", "yawing moment coefficient about AERORP",
                      coefficient_sum("      ", {{a.cn_beta, {BETA}},
                                                 {a.cn_p, {B2V, P}},
                                                 {a.cn_r, {B2V, R}},
                                                 {a.cn_aileron, {DA}},
                                                 {a.cn_rudder, {DR}}}));

  // Propeller past the end of its tables. Kestrel (propulsion.cc) holds CT, CP at J_max and
  // scales them with the inflow V along the thrust axis instead of the rotation:
  // T = CT(J_max) rho D^2 V^2 / J_max^2, Q = CP(J_max) rho D^3 V^2 / J_max^2 / 2 pi, whatever the
  // rpm below V / (J_max D) (a stopped propeller has its drag and its windmilling torque). JSBSim
  // clamps CT, CP and scales with n^2, so a propeller at rest gives nothing. The functions below
  // are Kestrel minus JSBSim, both with the factor max(0, V^2/J_max^2 - (n D)^2) [ft^2/s^2]:
  //  - thrust [lbf], applied at the hub along the thrust axis (projected on the wind axes below,
  //    moment about AERORP added);
  //  - shaft torque [lbf ft]. Kestrel's airframe takes the engine (friction) torque; with the
  //    propeller held at (or near) rest by friction that equals the air's torque on the propeller,
  //    while JSBSim's propeller at rest passes no torque at all. Applied about the thrust axis with
  //    Kestrel's sign (airframe moment = -sense * Q * axis). Exact with JSBSim's propeller at rest
  //    (an engine-off glide: it cannot start to windmill); while JSBSim's propeller turns beyond
  //    the table (spinning down after an engine cut) it stands in for the rotor's torque balance.
  // Kestrel's inflow is the CG's air velocity along the thrust axis.
  const double j_max = pr.ct_of_j.x().back();
  const double ct_end = pr.ct_of_j.y().back();
  const double cp_end = pr.cp_of_j.evaluate(j_max);  // the CP table may end elsewhere
  const double d_ft = pr.diameter_m * kFtPerM;
  std::string inflow = "<sum>";
  for (int i = 0; i < 3; ++i) {
    static const char* const kUvw[3] = {"velocities/u-aero-fps", "velocities/v-aero-fps",
                                        "velocities/w-aero-fps"};
    if (ax[i] != 0) inflow += " <product> " + val(ax[i]) + " " + prop(kUvw[i]) + " </product>";
  }
  inflow += " " + val(0) + " " + val(0) + " </sum>";
  const std::string excess_v2 =  // max(0, V^2/J_max^2 - (n D)^2) [ft^2/s^2]
      "        <max> " + val(0) + "\n          <difference>\n            <product> " +
      val(1.0 / (j_max * j_max)) + " <pow> <max> " + val(0) + " " + inflow + " </max> " + val(2) +
      " </pow> </product>\n            <product> " + val(d_ft * d_ft / 3600.0) + " <pow> " +
      prop("propulsion/engine[0]/propeller-rpm") + " " + val(2) +
      " </pow> </product>\n          </difference>\n        </max>\n";
  x << named_function("aero/function/kestrel-prop-thrust-deficit-lbs",
                      "propeller thrust beyond the CT table as Kestrel computes it, minus JSBSim's "
                      "(lbf, + along the thrust axis)",
                      "      <product>\n        " + val(ct_end * d_ft * d_ft) + "\n        " +
                          prop("atmosphere/rho-slugs_ft3") + "\n" + excess_v2 +
                          "      </product>\n");
  x << named_function("aero/function/kestrel-prop-torque-deficit-lbsft",
                      "propeller shaft torque beyond the CP table as Kestrel computes it, minus "
                      "JSBSim's (lbf ft, + drives the propeller)",
                      "      <product>\n        " + val(cp_end * d_ft * d_ft * d_ft / (2 * kPi)) +
                          "\n        " + prop("atmosphere/rho-slugs_ft3") + "\n" + excess_v2 +
                          "      </product>\n");

  // Projections of a force T along the thrust axis a (body) on the wind axes:
  // x_w = (ca cb, sb, sa cb), y_w = (-ca sb, cb, -sa sb), z_w = (-sa, 0, ca) in body axes;
  // JSBSim's wind-axis force is (-DRAG, SIDE, -LIFT).
  std::string drag_p, side_p, lift_p;
  const std::string ind = "            ";
  if (ax.x() != 0) {
    drag_p += trig_term(-ax.x(), {kCa, kCb}, ind);
    side_p += trig_term(-ax.x(), {kCa, kSb}, ind);
    lift_p += trig_term(ax.x(), {kSa}, ind);
  }
  if (ax.y() != 0) {
    drag_p += trig_term(-ax.y(), {kSb}, ind);
    side_p += trig_term(ax.y(), {kCb}, ind);
  }
  if (ax.z() != 0) {
    drag_p += trig_term(-ax.z(), {kSa, kCb}, ind);
    side_p += trig_term(-ax.z(), {kSa, kSb}, ind);
    lift_p += trig_term(-ax.z(), {kCa}, ind);
  }
  // Moment of that force about AERORP, body axes: (hub - ref) x a, in ft.
  const Vec3 arm_ft = (pr.position_b_m - g.aero_ref_b_m) * kFtPerM;
  const Vec3 m_per_t = arm_ft.cross(ax);

  auto axis = [&](const std::string& name, const std::string& main_fn,
                  const std::string& prop_terms) {
    std::string s = "    <axis name=\"" + name + "\">\n" + main_fn;
    if (!prop_terms.empty()) {
      s += "      <function name=\"aero/force/kestrel-prop-deficit-" + name + "\">\n";
      s += "        <sum>\n" + prop_terms + "          " + val(0) +
           "\n        </sum>\n      </function>\n";
    }
    return s + "    </axis>\n";
  };
  // Moment terms: the thrust correction's moment about AERORP and the torque correction about
  // the thrust axis (component i of -sense * axis).
  const double spin = pr.rotation_sign >= 0 ? 1.0 : -1.0;
  auto moment_term = [&](int i) {
    std::string s;
    if (m_per_t[i] != 0) s += trig_term(m_per_t[i], {}, ind);
    if (ax[i] != 0)
      s += trig_term(-spin * ax[i], {}, ind, "aero/function/kestrel-prop-torque-deficit-lbsft");
    return s;
  };

  // DRAG and SIDE carry Kestrel's body-y side force Y: Y e_y = Y sin(beta) x_w + Y cos(beta) y_w.
  x << axis(
      "DRAG",
      axis_function("aero/force/kestrel-drag", "",
                    "          <difference>\n            " + prop("aero/function/kestrel-CD") +
                        "\n            <product> " + prop("aero/function/kestrel-CY") + " " + kSb +
                        " </product>\n          </difference>\n"),
      drag_p);
  x << axis(
      "SIDE",
      axis_function("aero/force/kestrel-side", "",
                    "          " + prop("aero/function/kestrel-CY") + "\n          " + kCb + "\n"),
      side_p);
  x << axis(
      "LIFT",
      axis_function("aero/force/kestrel-lift", "",
                    "          <sum>\n            " + prop("aero/function/kestrel-CL") +
                        "\n            <product> " + val(a.cl_alpha_dot) + " " + prop(C2V) + " " +
                        prop("aero/alphadot-rad_sec") + " </product>\n          </sum>\n"),
      lift_p);
  x << axis("ROLL",
            axis_function("aero/moment/kestrel-roll", "metrics/bw-ft",
                          "          " + prop("aero/function/kestrel-Croll") + "\n"),
            moment_term(0));
  x << axis(
      "PITCH",
      axis_function("aero/moment/kestrel-pitch", "metrics/cbarw-ft",
                    "          <sum>\n            " + prop("aero/function/kestrel-Cm") +
                        "\n            <product> " + val(a.cm_alpha_dot) + " " + prop(C2V) + " " +
                        prop("aero/alphadot-rad_sec") + " </product>\n          </sum>\n"),
      moment_term(1));
  x << axis("YAW",
            axis_function("aero/moment/kestrel-yaw", "metrics/bw-ft",
                          "          " + prop("aero/function/kestrel-Cn") + "\n"),
            moment_term(2));
  x << "  </aerodynamics>\n";
  x << "</fdm_config>\n";
  return x.str();
}

std::string make_engine_xml(const AircraftParams& ac) {
  const EngineParams& e = ac.engine;
  const bool two_stroke = e.kind == "two_stroke";
  const double disp_m3 = jsbsim_engine_displacement_m3(e, two_stroke);
  const int cylinders = 2;
  // Bore = stroke (square engine) for the assumed cylinder count: sets JSBSim's piston speed.
  const double stroke_m = std::cbrt(disp_m3 / cylinders * 4.0 / kPi);
  const double friction_idle_w =
      jsbsim_engine_friction_power_w(ac.engine, ac.propeller, e.idle_rpm);
  const double bsfc_lb_per_hp_h = e.bsfc_kg_per_j * 3.6e6 / 0.45359237 * (kWattPerHp / 1000.0);
  std::ostringstream x;
  x << "<?xml version=\"1.0\"?>\n";
  x << "<!-- Generated by kestrel export-jsbsim: JSBSim piston model approximating Kestrel's "
    << xml_escape(e.kind) << " engine of " << xml_escape(ac.name) << ".\n"
    << "     Kestrel: " << num(e.max_power_w / 1000) << " kW at " << num(e.rated_rpm)
    << " rpm, idle " << num(e.idle_rpm) << " rpm, never-exceed " << num(e.max_rpm)
    << " rpm, best BSFC " << num(e.bsfc_kg_per_j * 3.6e9) << " g/kWh (" << num(bsfc_lb_per_hp_h)
    << " lb/hp/h).\n"
    << "     No bsfc element on purpose: JSBSim then calibrates its indicated SFC so that maxhp\n"
    << "     is reached at maxrpm (its power comes from the air flow). Displacement: rated power\n"
    << "     at a BMEP of " << num(kJsbsimAssumedBmepPa / 1e5)
    << " bar. static-friction: Kestrel's "
    << "friction power at idle rpm. -->\n";
  x << "<piston_engine name=\"" << engine_name(ac) << "\">\n";
  x << elem("  ", "minmp", 6.5, "INHG");
  x << elem("  ", "maxmp", 29.9, "INHG");
  x << elem("  ", "displacement", disp_m3 * kIn3PerM3, "IN3");
  x << elem("  ", "cylinders", cylinders);
  x << elem("  ", "bore", stroke_m / 0.0254, "IN");
  x << elem("  ", "stroke", stroke_m / 0.0254, "IN");
  x << elem("  ", "maxhp", e.max_power_w / kWattPerHp, "HP");
  x << elem("  ", "cycles", two_stroke ? 2 : 4);
  x << elem("  ", "idlerpm", e.idle_rpm);
  x << elem("  ", "maxrpm", e.rated_rpm);
  x << elem("  ", "sparkfaildrop", 0.1);
  x << elem("  ", "volumetric-efficiency", 0.85);
  x << elem("  ", "static-friction", friction_idle_w / kWattPerHp, "HP");
  x << elem("  ", "starter-torque", e.starter_torque_nm * kLbfFtPerNm);
  x << elem("  ", "starter-rpm", e.idle_rpm);
  x << "</piston_engine>\n";
  return x.str();
}

std::string make_propeller_xml(const AircraftParams& ac) {
  const PropellerParams& p = ac.propeller;
  std::ostringstream x;
  x << "<?xml version=\"1.0\"?>\n";
  x << "<!-- Generated by kestrel export-jsbsim: fixed-pitch propeller of " << xml_escape(ac.name)
    << ".\n     CT(J), CP(J) are Kestrel's tables. JSBSim clamps them past the last J and scales\n"
    << "     with n^2; the aircraft file adds the thrust and torque differences to Kestrel's\n"
    << "     inflow scaling.\n"
    << "     ixx: Kestrel's rotor inertia (propeller + engine reflected to the propeller shaft). "
       "-->\n";
  x << "<propeller version=\"1.1\" name=\"" << propeller_name(ac) << "\">\n";
  x << elem("  ", "ixx", p.inertia_kg_m2, "KG*M2");
  x << elem("  ", "diameter", p.diameter_m, "M");
  x << elem("  ", "numblades", 2);
  x << elem("  ", "gearratio", p.gear_ratio);
  x << elem("  ", "minpitch", 20);
  x << elem("  ", "maxpitch", 20);
  x << two_column_table("  ", "C_THRUST", p.ct_of_j);
  x << two_column_table("  ", "C_POWER", p.cp_of_j);
  x << "</propeller>\n";
  return x.str();
}

}  // namespace

Vec3 jsbsim_structural_from_body_m(const Vec3& p_b_m) {
  return Vec3(-p_b_m.x(), p_b_m.y(), -p_b_m.z());
}

double jsbsim_engine_friction_power_w(const EngineParams& e, const PropellerParams& pr,
                                      double engine_rpm) {
  // Kestrel's friction model itself: the engine stopped (not running, no starter), the propeller
  // turning at the shaft speed for engine_rpm, no inflow; the crank torque is then the friction.
  const double omega_prop = engine_rpm * 2 * kPi / 60.0 / pr.gear_ratio;
  PropulsionInput in;
  in.ignition = false;
  in.inflow_mps = 0;
  const PropulsionOutput out = evaluate_propulsion(e, pr, EngineState{}, in, omega_prop);
  return -out.engine_torque_prop_nm * omega_prop;
}

double jsbsim_engine_displacement_m3(const EngineParams& e, bool two_stroke) {
  // P = bmep * Vd * (power strokes per second) = bmep * Vd * rpm / 60 / (1 or 2 revs per stroke).
  const double strokes_per_s = e.rated_rpm / 60.0 / (two_stroke ? 1.0 : 2.0);
  return e.max_power_w / (kJsbsimAssumedBmepPa * strokes_per_s);
}

Result<JsbsimFiles> export_jsbsim(const AircraftParams& ac, const JsbsimExportOptions& opt) {
  const MassParams& m = ac.mass;
  if (ac.name.empty()) return Error{"export-jsbsim: the aircraft has no name"};
  for (char ch : ac.name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'))
      return Error{"export-jsbsim: aircraft name '" + ac.name +
                   "' is not usable as a JSBSim file name (letters, digits, _ and - only)"};
  if (m.tanks.empty()) return Error{"export-jsbsim: " + ac.name + " has no fuel tank"};
  if (ac.propeller.ct_of_j.empty() || ac.propeller.cp_of_j.empty() || ac.aero.cl_alpha.empty() ||
      ac.aero.cm_alpha.empty() || (ac.aero.drag_table && ac.aero.cd_alpha.empty()))
    return Error{"export-jsbsim: " + ac.name + " has an empty table"};
  if (!(ac.engine.max_power_w > 0) || !(ac.engine.rated_rpm > 0))
    return Error{"export-jsbsim: " + ac.name + " has no engine power or rated rpm"};

  double capacity = 0;
  for (const FuelTankParams& t : m.tanks) capacity += t.capacity_kg;
  const double payload = opt.payload_kg < 0 ? std::min(70.0, m.payload_max_kg) : opt.payload_kg;
  const double fuel = opt.fuel_kg < 0 ? std::min(100.0, capacity) : opt.fuel_kg;
  if (!std::isfinite(payload) || payload > m.payload_max_kg + 1e-9)
    return Error{"export-jsbsim: payload " + num(payload) + " kg is above the bay's maximum of " +
                 num(m.payload_max_kg) + " kg"};
  if (!std::isfinite(fuel) || fuel > capacity + 1e-9)
    return Error{"export-jsbsim: fuel " + num(fuel) + " kg is above the tank capacity of " +
                 num(capacity) + " kg"};

  JsbsimFiles f;
  f.aircraft_name = ac.name;
  f.engine_name = engine_name(ac);
  f.propeller_name = propeller_name(ac);
  f.aircraft_xml = make_aircraft_xml(ac, payload, distribute_fuel(m, fuel));
  f.engine_xml = make_engine_xml(ac);
  f.propeller_xml = make_propeller_xml(ac);
  return f;
}

Result<std::vector<std::string>> write_jsbsim_files(const JsbsimFiles& files,
                                                    const std::string& root_dir) {
  namespace fs = std::filesystem;
  if (root_dir.empty()) return Error{"export-jsbsim: empty output folder"};
  const fs::path root(root_dir);
  const fs::path aircraft_dir = root / "aircraft" / files.aircraft_name;
  const fs::path engine_dir = root / "engine";
  for (const fs::path& d : {aircraft_dir, engine_dir}) {
    std::error_code ec;
    fs::create_directories(d, ec);
    if (ec || !fs::is_directory(d))
      return Error{"export-jsbsim: cannot create folder " + d.string() + ": " +
                   (ec ? ec.message() : std::string("not a folder"))};
  }
  const std::vector<std::pair<fs::path, const std::string*>> out = {
      {aircraft_dir / (files.aircraft_name + ".xml"), &files.aircraft_xml},
      {engine_dir / (files.engine_name + ".xml"), &files.engine_xml},
      {engine_dir / (files.propeller_name + ".xml"), &files.propeller_xml}};
  std::vector<std::string> written;
  for (const auto& [path, text] : out) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return Error{"export-jsbsim: cannot write " + path.string()};
    f << *text;
    f.close();
    if (!f) return Error{"export-jsbsim: error while writing " + path.string()};
    written.push_back(path.string());
  }
  return written;
}

}  // namespace kestrel
