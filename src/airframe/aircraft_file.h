// The aircraft file: data/aircraft/<name>.yaml → AircraftParams (SI, validated).
//
// The file says its units in its key names (wing_area_m2, max_power_kw, alpha_deg, ...); the loader
// converts to SI (deg → rad, kW → W, g/kWh → kg/J) and checks everything a file can get wrong:
// syntax, unknown keys (with a suggestion), missing keys, types, non-finite numbers, tables and
// physically impossible values. Every error names FILE:LINE: key.path and the reason, e.g.
//   data/aircraft/x.yaml:42: aerodynamics.lift.alpha_deg: values must increase strictly (index 3:
//   10 after 12)
// The whole format, key by key, is documented in data/aircraft/searcher2.yaml (the reference
// aircraft) and in the comments of aircraft_file.cc. Loading never aborts on file contents.
#pragma once

#include <string>

#include "airframe/aircraft.h"
#include "core/result.h"

namespace kestrel {

// Parses and validates the text of an aircraft file. `source_name` is the file name used in error
// messages and stored in AircraftParams::source_path.
Result<AircraftParams> parse_aircraft_yaml(const std::string& yaml_text,
                                           const std::string& source_name);

// Reads and parses one aircraft file. A missing or unreadable file is an error naming the path.
Result<AircraftParams> load_aircraft_file(const std::string& path);

// The folder of shipped data (aircraft/, scenarios/, ...): the environment variable
// KESTREL_DATA_DIR when set and non-empty, else the folder compiled in at build time.
std::string data_dir();

// Finds an aircraft file: `name_or_path` itself when it names an existing file, else
// <data_dir>/aircraft/<name_or_path>.yaml. If neither exists the error lists the built-in
// aircraft names found in that folder.
Result<std::string> resolve_aircraft(const std::string& name_or_path);

// The shared lookup behind resolve_aircraft() and its siblings for scenarios and sweeps:
// `name_or_path` itself if it is an existing file, else <data_dir()>/<folder>/<name>.yaml; the
// error lists the built-in names in that folder. `what` names the kind ("aircraft", "scenario").
Result<std::string> resolve_data_file(const std::string& name_or_path, const std::string& folder,
                                      const std::string& what);

// resolve_aircraft() then load_aircraft_file().
Result<AircraftParams> load_aircraft(const std::string& name_or_path);

}  // namespace kestrel
