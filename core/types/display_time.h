#pragma once

#include <QString>

class QDateTime;

namespace facecase {

// How a stored time is shown to a person, the same on every screen and in the PDF report:
// "2026-12-07 11:13:22 UTC". Times are stored in UTC and an examiner's notes must agree with the
// report, so the zone is always UTC and always written out; a local time without its zone beside
// a report in UTC is what issue 11 found. On the ground floor so ui/ and ui/report share it.
// Thread-safe, cheap.

// Any time, whatever its time spec, in UTC to the second; empty for an invalid time.
QString displayTime(const QDateTime& time);
// The same for a time kept as ISO 8601 text (audit records, gallery provenance). Text that is
// not a time comes back unchanged, so a damaged record is shown as stored, never hidden.
QString displayTime(const QString& storedIso8601);

}  // namespace facecase
