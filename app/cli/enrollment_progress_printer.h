#pragma once

#include "services/enrollment/enrollment_progress.h"

#include <QElapsedTimer>

namespace facecase::cli {

// Shows an enrollment's progress: a one-line bar on stderr (done/total, images/s, ETA,
// problems) when stderr is a terminal, or JSON lines on stdout for machines, at most ~5 times
// a second. Used from the thread that runs the enrollment.
class EnrollmentProgressPrinter {
public:
    enum class Mode { Off, Bar, Json };
    // Json when asked for; else a bar when stderr is a terminal; else nothing.
    static Mode chooseMode(bool json);

    explicit EnrollmentProgressPrinter(Mode mode);
    void update(const EnrollmentProgress& progress);
    // Ends the bar's line (so the report starts on a fresh one).
    void finish();

    static QString duration(double seconds);  // "0:42", "1:02:03"

private:
    Mode m_mode;
    QElapsedTimer m_sinceLast;
    bool m_barShown = false;
};

}  // namespace facecase::cli
