// Flight log exports for other tools: CSV (spreadsheets, pandas), GeoJSON (GIS tools, RFC 7946)
// and KML 2.2 (Google Earth). All three are text written to a stream. Positions are WGS-84
// longitude/latitude in degrees and the log's height above the ellipsoid in metres, which
// Kestrel also uses as AMSL (no geoid model yet; KML's "absolute" means above sea level).
#pragma once

#include <ostream>

#include "report/flight_log.h"

namespace kestrel::report {

struct ExportOptions {
  // Keep at most one sample per this many seconds of sim time per aircraft (0: every sample).
  double min_interval_s = 0;
};

// One row per vehicle_truth sample per aircraft: time_s,aircraft,lat_deg,lon_deg,alt_m,vn_mps,
// ve_mps,vd_mps,roll_deg,pitch_deg,yaw_deg,tas_mps,alpha_deg,beta_deg,rpm,fuel_kg. The engine
// columns hold the latest engine sample at or before the row's time (empty when there is none).
void write_csv(const FlightLog& log, std::ostream& out, const ExportOptions& options = {});

// A FeatureCollection: one LineString [lon, lat, alt] per aircraft, one Point per event (at the
// position of its aircraft, or of the first aircraft, at the event's time).
void write_geojson(const FlightLog& log, std::ostream& out, const ExportOptions& options = {});

// A KML 2.2 document: one Placemark with a LineString (altitudeMode absolute) per aircraft, in
// its report colour, and one Placemark Point per event.
void write_kml(const FlightLog& log, std::ostream& out, const ExportOptions& options = {});

}  // namespace kestrel::report
