// Export of a Kestrel aircraft (AircraftParams) to JSBSim's XML formats, so the same airframe can
// be flown in JSBSim (or FlightGear through it). docs/jsbsim-export.md says how to use it and what
// cannot be carried over exactly.
//
// Layout written under a root folder, as JSBSim expects (JSBSim --root=ROOT):
//   ROOT/aircraft/<name>/<name>.xml   the aircraft (metrics, mass, contacts, propulsion, FCS, aero)
//   ROOT/engine/<name>_engine.xml     <piston_engine>
//   ROOT/engine/<name>_propeller.xml  <propeller>
//
// Frames: Kestrel positions are body FRD from the datum (nose tip) in metres; JSBSim locations are
// in its structural frame (X aft, Y right, Z up), written here in metres (unit="M") with the same
// origin: X = -x_b, Y = y_b, Z = -z_b.
// Signs: Kestrel's surface conventions (elevator TE down +, aileron right-up + = rolls right,
// rudder TE left + = yaws left) are JSBSim's usual ones, so fcs/elevator-pos-rad,
// fcs/left-aileron-pos-rad and fcs/rudder-pos-rad carry the Kestrel deflections unchanged
// (fcs/right-aileron-pos-rad is its negative, for visuals only).
#pragma once

#include <string>
#include <vector>

#include "airframe/aircraft.h"
#include "core/result.h"

namespace kestrel {

struct JsbsimExportOptions {
  double payload_kg = -1;  // payload point mass [kg]; < 0: the default loading (70 kg or bay max)
  double fuel_kg = -1;     // fuel on board [kg], shared over the tanks by capacity; < 0: 100 kg
                           // (or the capacity if smaller)
};

// The three files, as text, and their names (without ".xml").
struct JsbsimFiles {
  std::string aircraft_name, engine_name, propeller_name;
  std::string aircraft_xml, engine_xml, propeller_xml;
};

// Kestrel structural body point (FRD, datum at the nose) [m] -> JSBSim structural frame
// (X aft, Y right, Z up, same origin) [m].
Vec3 jsbsim_structural_from_body_m(const Vec3& p_b_m);

// Engine displacement used for JSBSim's piston model [m^3]: Kestrel has no displacement, so it is
// derived from the rated power at a brake mean effective pressure of kJsbsimAssumedBmepPa.
inline constexpr double kJsbsimAssumedBmepPa = 6.0e5;
double jsbsim_engine_displacement_m3(const EngineParams& e, bool two_stroke);

// Kestrel's engine friction power at an engine speed [W] (propulsion.cc's model, engine off):
// written as JSBSim's static-friction at idle rpm.
double jsbsim_engine_friction_power_w(const EngineParams& e, const PropellerParams& pr,
                                      double engine_rpm);

// Builds the XML text. Errors: loading out of range (payload above the bay's maximum, fuel above
// the tanks' capacity), or parameters JSBSim cannot express (empty tables, no engine power).
Result<JsbsimFiles> export_jsbsim(const AircraftParams& ac, const JsbsimExportOptions& opt = {});

// Writes the files under root_dir (created if missing). Returns the paths written, or an error
// naming the path that could not be created or written.
Result<std::vector<std::string>> write_jsbsim_files(const JsbsimFiles& files,
                                                    const std::string& root_dir);

}  // namespace kestrel
