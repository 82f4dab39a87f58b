#include "cli/process_stats.h"

#include <QByteArray>
#include <QFile>

#include <sys/resource.h>

namespace facecase::cli {

namespace {
double statusFieldMb(const QByteArray& field) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            // "VmRSS:\t  123456 kB"
            const QByteArray kb = line.mid(field.size()).trimmed().split(' ').value(0);
            return kb.toDouble() / 1024.0;
        }
    }
    return 0;
}
}  // namespace

double ProcessStats::residentMb() { return statusFieldMb("VmRSS:"); }
double ProcessStats::peakResidentMb() { return statusFieldMb("VmHWM:"); }

double ProcessStats::cpuSeconds() {
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    const auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace facecase::cli
