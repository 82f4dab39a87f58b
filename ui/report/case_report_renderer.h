#pragma once

#include <QPageSize>

#include "casefile/case_report_writer.h"

namespace facecase {

// report.pdf of a case bundle: CaseReportDocument laid out on a QPdfWriter page by page, with
// the notice "Investigative lead only — not a positive identification. Requires independent
// corroboration." and "page i of n" in the footer of every page. A4 by default, or Letter.
//
// Needs a QGuiApplication (fonts; facecase-cli creates one with the offscreen platform for
// `case export`) and refuses cleanly without one. Runs on the calling thread. About 2 ms per
// candidate thumbnail plus the decoding of each photo once.
class CaseReportRenderer final : public CaseReportWriter {
public:
    explicit CaseReportRenderer(QPageSize::PageSizeId pageSize = QPageSize::A4) : m_pageSize(pageSize) {}

    Result<void> write(const Input& input, const QString& path) override;
    QString fileName() const override;

    static QString notice();

private:
    QPageSize::PageSizeId m_pageSize;
};

}  // namespace facecase
