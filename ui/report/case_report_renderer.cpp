#include "report/case_report_renderer.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

#include "casefile/case_bundle.h"
#include "report/case_report_document.h"

namespace facecase {

namespace {
constexpr int kResolutionDpi = 300;
constexpr double kMarginMm = 15.0;
constexpr double kFooterMm = 12.0;  // below the body, inside the bottom margin's space
}  // namespace

QString CaseReportRenderer::notice() {
    return QStringLiteral("Investigative lead only — not a positive identification. Requires independent corroboration.");
}

QString CaseReportRenderer::fileName() const { return CaseBundle::reportName(); }

Result<void> CaseReportRenderer::write(const Input& input, const QString& path) {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        return Error::internal(QStringLiteral("the PDF report needs a QGuiApplication (fonts); none was created"));
    }
    QPdfWriter writer(path);
    writer.setResolution(kResolutionDpi);
    writer.setPageSize(QPageSize(m_pageSize));
    writer.setPageMargins(QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm + kFooterMm), QPageLayout::Millimeter);
    writer.setTitle(QStringLiteral("Case file %1").arg(input.snapshot.theCase.caseNumber));
    writer.setCreator(QStringLiteral("FaceCase"));

    QPainter painter;
    if (!painter.begin(&writer)) return Error::invalidInput(QStringLiteral("%1: cannot write the PDF").arg(path));
    // Device pixels of the printable body (QPdfWriter's origin is the margin's corner).
    const QRectF body(QPointF(0, 0), writer.pageLayout().paintRectPixels(kResolutionDpi).size());
    const double mm = kResolutionDpi / 25.4;

    QTextDocument document;
    // Laid out on the PDF device: fonts in points and images in CSS pixels come out at their
    // physical size, and pages break where the PDF's pages do.
    document.documentLayout()->setPaintDevice(&writer);
    document.setDocumentMargin(0);
    document.setPageSize(body.size());
    CaseReportDocument::build(document, input);

    QFont footerFont(QStringLiteral("DejaVu Sans"));
    footerFont.setPointSizeF(7.5);
    const int pages = document.pageCount();
    for (int page = 0; page < pages; ++page) {
        if (page > 0 && !writer.newPage()) return Error::invalidInput(QStringLiteral("%1: cannot add page %2").arg(path).arg(page + 1));
        painter.save();
        const QRectF window(0, page * body.height(), body.width(), body.height());
        painter.translate(0, -window.top());
        painter.setClipRect(window);
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = window;
        document.documentLayout()->draw(&painter, context);
        painter.restore();

        const QRectF footer(0, body.bottom() + 3 * mm, body.width(), kFooterMm * mm - 3 * mm);
        painter.setPen(QPen(QColor(0x88, 0x88, 0x88), 0.3 * mm));
        painter.drawLine(footer.topLeft(), footer.topRight());
        painter.setFont(footerFont);
        painter.setPen(Qt::black);
        painter.drawText(footer.adjusted(0, 1 * mm, 0, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, notice());
        painter.drawText(footer.adjusted(0, 1 * mm, 0, 0), Qt::AlignRight | Qt::AlignBottom,
                         QStringLiteral("Case %1 — page %2 of %3").arg(input.snapshot.theCase.caseNumber).arg(page + 1).arg(pages));
    }
    if (!painter.end()) return Error::invalidInput(QStringLiteral("%1: cannot finish the PDF").arg(path));
    if (!QFile::exists(path)) return Error::invalidInput(QStringLiteral("%1: the PDF was not written").arg(path));
    return {};
}

}  // namespace facecase
