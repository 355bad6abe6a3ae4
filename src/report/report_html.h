// The flight report: one self-contained HTML page (inline CSS and SVG, a few lines of inline
// script that only flag errors; no external URL) with the run's identity, summary figures, the
// ground track on a scaled local map with a degree graticule, time-series charts and the events.
// The page depends only on the log, so the same log gives the same bytes.
#pragma once

#include <string>

#include "report/flight_log.h"

namespace kestrel::report {

struct ReportOptions {
  int max_points_per_series = 2000;  // SVG down-sampling (min/max preserving)
  int chart_width_px = 900;
  int chart_height_px = 260;
};

std::string render_report_html(const FlightLog& log, const ReportOptions& options = {});

// Colour of the k-th aircraft (and of the k-th variable when there is one aircraft).
const char* series_colour(size_t k);

}  // namespace kestrel::report
