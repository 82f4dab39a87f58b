#include "compare/provenance_panel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeySequence>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "matching/fmr_wording.h"
#include "types/display_time.h"

namespace facecase::ui {

namespace {
QString orDash(const QString& s) {
    return s.isEmpty() ? QStringLiteral("\u2014") : s;
}

QString jsonValueText(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::String:
            return value.toString();
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 12);
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            return QStringLiteral("\u2014");
        case QJsonValue::Array:
            return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        case QJsonValue::Object:
            return QString::fromUtf8(
                QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}
}  // namespace

ProvenancePanel::ProvenancePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("provenancePanel"));
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("provenanceTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setWordWrap(false);
    m_tree->setTextElideMode(Qt::ElideMiddle);  // paths and hashes: keep both ends
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setAccessibleName(tr("Candidate provenance"));
    m_tree->setToolTip(
        tr("Where this candidate's face came from, as the workspace records it. "
           "Select rows and press %1 to copy them.")
            .arg(QKeySequence(QKeySequence::Copy).toString(QKeySequence::NativeText)));
    auto* copy = new QAction(tr("&Copy"), m_tree);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    copy->setToolTip(tr("Copy the selected rows as \u201Cfield: value\u201D lines"));
    connect(copy, &QAction::triggered, this, &ProvenancePanel::copySelection);
    m_tree->addAction(copy);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
}

QTreeWidgetItem* ProvenancePanel::group(const QString& title) {
    auto* item = new QTreeWidgetItem(m_tree, {title});
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setFirstColumnSpanned(true);
    item->setFlags(Qt::ItemIsEnabled);
    item->setExpanded(true);
    return item;
}

QTreeWidgetItem* ProvenancePanel::addRow(QTreeWidgetItem* parent, const QString& field,
                                         const QString& value, const QString& toolTip) {
    auto* item = new QTreeWidgetItem(parent, {field, orDash(value)});
    item->setToolTip(0, toolTip.isEmpty() ? field : toolTip);
    item->setToolTip(
        1, toolTip.isEmpty() ? orDash(value) : orDash(value) + QStringLiteral("\n\n") + toolTip);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

void ProvenancePanel::clear() {
    m_tree->clear();
    m_fileCheck = nullptr;
}

void ProvenancePanel::setCandidate(const CandidateRow& row) {
    clear();
    const SearchCandidate& c = row.candidate;
    const CandidateProvenance& p = c.provenance;
    const QLocale english(QLocale::English);

    QTreeWidgetItem* subject = group(tr("Subject"));
    addRow(subject, tr("Name"), p.subjectName);
    addRow(subject, tr("External ID"), p.subjectExternalId,
           tr("The identifier the gallery's source gave this person (booking number or similar)"));
    addRow(subject, tr("Subject record"), p.subjectId ? QString::number(*p.subjectId) : QString());
    const QStringList keys = p.subjectAttributes.keys();
    for (const QString& key : keys)
        addRow(subject, key, jsonValueText(p.subjectAttributes.value(key)),
               tr("Subject attribute \u201C%1\u201D from the gallery's records").arg(key));

    QTreeWidgetItem* photo = group(tr("Photo"));
    addRow(photo, tr("Source path"), p.imagePath, tr("Where the photo was enrolled from"));
    addRow(photo, tr("SHA-256"), p.imageSha256,
           tr("Fingerprint of the file's bytes at enrollment; the photo shown here is checked "
              "against it"));
    m_fileCheck = addRow(photo, tr("File check"), tr("checking\u2026"));
    addRow(photo, tr("Stored chip"),
           p.storedChip ? tr("yes: the aligned chip and a thumbnail were stored at enrollment")
                        : tr("none (enrolled before schema 6, or synthetic)"),
           tr("Shown instead of the original when the original cannot be reached or has "
              "changed"));
    addRow(photo, tr("Format"), p.format);
    addRow(photo, tr("Size"),
           p.width > 0 ? tr("%1 \u00D7 %2 px").arg(p.width).arg(p.height) : QString());
    addRow(photo, tr("File size"),
           p.fileBytes > 0 ? tr("%1 bytes").arg(english.toString(p.fileBytes)) : QString());
    addRow(photo, tr("Imported at"), displayTime(p.importedAt), tr("When the photo entered the gallery"));
    addRow(photo, tr("Source"), p.source);
    addRow(photo, tr("Image record"), QString::number(p.imageId));

    QTreeWidgetItem* job = group(tr("Enrollment"));
    addRow(job, tr("Job"), p.jobId ? QString::number(*p.jobId) : tr("not recorded (job removed)"));
    addRow(job, tr("Job folder"), p.jobSourceFolder);
    addRow(job, tr("Enrolled by"), p.jobActor);

    QTreeWidgetItem* face = group(tr("Face"));
    addRow(face, tr("Gallery face"), QString::number(p.faceId));
    addRow(face, tr("Face in photo"), QString::number(p.faceIndex));
    const QRectF b = p.box;
    addRow(face, tr("Face box"),
           tr("x %1, y %2, %3 \u00D7 %4 px")
               .arg(qRound(b.x()))
               .arg(qRound(b.y()))
               .arg(qRound(b.width()))
               .arg(qRound(b.height())),
           tr("In the upright photo's pixels"));
    addRow(face, tr("Quality"), p.qualityLevel);
    addRow(face, tr("Marked by hand"), p.manualFace ? tr("yes") : tr("no"));

    QTreeWidgetItem* search = group(tr("Search"));
    addRow(search, tr("Rank"), QString::number(c.rank));
    addRow(search, tr("Distance"), QString::number(c.distance, 'f', 4), tr("Smaller is closer"));
    addRow(search, tr("Score"), FmrWording::rate(c.fmr));
    addRow(search, tr("Expected by chance"),
           FmrWording::expected(c.expectedFalseCandidates, row.gallerySize,
                                c.fmr && c.fmr->beyondData));
    addRow(search, tr("Candidate record"),
           row.recordedCandidateId ? QString::number(*row.recordedCandidateId)
                                   : tr("not recorded yet"));
    m_tree->expandAll();
}

void ProvenancePanel::setFileCheck(const QString& text, bool ok) {
    if (!m_fileCheck) return;
    m_fileCheck->setText(1, text);
    m_fileCheck->setToolTip(1, text);
    m_fileCheck->setForeground(
        1, ok ? QBrush(QColor(0x13, 0x73, 0x33)) : QBrush(QColor(0xc5, 0x22, 0x1f)));
}

QString ProvenancePanel::value(const QString& field) const {
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        const QTreeWidgetItem* group = m_tree->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            if (group->child(i)->text(0) == field) return group->child(i)->text(1);
    }
    return {};
}

void ProvenancePanel::copySelection() const {
    QStringList lines;
    for (const QTreeWidgetItem* item : m_tree->selectedItems())
        lines << item->text(0) + QStringLiteral(": ") + item->text(1);
    if (!lines.isEmpty()) QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

}  // namespace facecase::ui
