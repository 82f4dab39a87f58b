#include "cli/enrollment_progress_printer.h"

#include "cli/cli_support.h"
#include "cli/process_stats.h"

#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace facecase::cli {

namespace {
constexpr int kMinIntervalMs = 200;  // ~5 Hz
constexpr int kBarWidth = 28;

QJsonObject byStatus(const EnrollmentProgress& p) {
    QJsonObject object;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        const auto status = static_cast<EnrollmentItem::Status>(i);
        object.insert(EnrollmentItem::statusName(status), p.count(status));
    }
    return object;
}
}  // namespace

EnrollmentProgressPrinter::Mode EnrollmentProgressPrinter::chooseMode(bool json) {
    if (json) return Mode::Json;
    return ::isatty(STDERR_FILENO) ? Mode::Bar : Mode::Off;
}

EnrollmentProgressPrinter::EnrollmentProgressPrinter(Mode mode) : m_mode(mode) {}

QString EnrollmentProgressPrinter::duration(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("?");
    const auto total = qint64(std::llround(seconds));
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0) {
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

void EnrollmentProgressPrinter::update(const EnrollmentProgress& p) {
    if (m_mode == Mode::Off) return;
    if (!p.finished && m_sinceLast.isValid() && m_sinceLast.elapsed() < kMinIntervalMs) return;
    m_sinceLast.start();

    if (m_mode == Mode::Json) {
        printJson(QJsonObject{
            {QStringLiteral("event"), QStringLiteral("progress")},
            {QStringLiteral("job"), p.jobId},
            {QStringLiteral("done"), p.done},
            {QStringLiteral("total"), p.total},
            {QStringLiteral("resumed"), p.resumed},
            {QStringLiteral("processed"), p.processed},
            {QStringLiteral("problems"), p.problems()},
            {QStringLiteral("by_status"), byStatus(p)},
            {QStringLiteral("elapsed_seconds"), std::round(p.elapsedSeconds * 100) / 100},
            {QStringLiteral("images_per_second"), std::round(p.imagesPerSecond * 10) / 10},
            {QStringLiteral("eta_seconds"), p.etaSeconds < 0 ? QJsonValue() : QJsonValue(std::round(p.etaSeconds))},
            {QStringLiteral("rss_mb"), std::round(ProcessStats::residentMb() * 10) / 10},
            {QStringLiteral("finished"), p.finished},
        });
        return;
    }

    QString line;
    if (p.total < 0) {
        line = QStringLiteral("counting files…");
    } else {
        const double fraction = p.total > 0 ? std::clamp(double(p.done) / double(p.total), 0.0, 1.0) : 1.0;
        const int filled = int(fraction * kBarWidth);
        line = QStringLiteral("[%1%2] %3/%4 %5%  %6 img/s  ETA %7  problems %8")
                   .arg(QString(filled, QLatin1Char('#')), QString(kBarWidth - filled, QLatin1Char('.')))
                   .arg(p.done)
                   .arg(p.total)
                   .arg(int(fraction * 100))
                   .arg(p.imagesPerSecond, 0, 'f', 1)
                   .arg(p.etaSeconds < 0 ? QStringLiteral("?") : duration(p.etaSeconds))
                   .arg(p.problems());
    }
    // \r back to the line's start, \x1b[K clears what a longer previous line left.
    std::fputs((QLatin1Char('\r') + line + QStringLiteral("\x1b[K")).toUtf8().constData(), stderr);
    std::fflush(stderr);
    m_barShown = true;
}

void EnrollmentProgressPrinter::finish() {
    if (m_mode == Mode::Bar && m_barShown) {
        std::fputc('\n', stderr);
        std::fflush(stderr);
        m_barShown = false;
    }
}

}  // namespace facecase::cli
