#include "candidates/candidate_list_model.h"

#include <QFileInfo>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "matching/fmr_wording.h"

namespace facecase::ui {

CandidateListModel::CandidateListModel(ThumbnailLoader* loader, QObject* parent)
    : QAbstractListModel(parent), m_loader(loader) {
    connect(m_loader, &ThumbnailLoader::thumbnailReady, this,
            &CandidateListModel::onThumbnailReady);
}

CandidateListModel::~CandidateListModel() = default;

std::vector<CandidateRow> CandidateListModel::rowsFrom(const GallerySearchOutcome& outcome) {
    std::vector<CandidateRow> rows;
    rows.reserve(outcome.candidates.size());
    for (const SearchCandidate& candidate : outcome.candidates) {
        CandidateRow row;
        row.candidate = candidate;
        row.gallerySize = outcome.gallerySize;
        rows.push_back(std::move(row));
    }
    return rows;
}

void CandidateListModel::setCandidates(std::vector<CandidateRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    m_rowsByKey.clear();
    endResetModel();
}

void CandidateListModel::setVerdict(int row, CandidateVerdict verdict) {
    if (row < 0 || row >= rowCount()) return;
    CandidateRow& r = m_rows[std::size_t(row)];
    if (r.verdict == verdict) return;
    r.verdict = verdict;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {VerdictRole, VerdictTextRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
}

void CandidateListModel::setRecordedVerdict(int row, CandidateVerdict verdict, qint64 verdictId) {
    if (row < 0 || row >= rowCount()) return;
    m_rows[std::size_t(row)].verdictId = verdictId;  // no role shows it: no signal of its own
    setVerdict(row, verdict);
}

void CandidateListModel::setRecordedCandidateId(int row, qint64 id) {
    if (row < 0 || row >= rowCount()) return;
    m_rows[std::size_t(row)].recordedCandidateId = id;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {RecordedCandidateIdRole});
}

void CandidateListModel::setThresholdOneIn(int oneIn) {
    oneIn = std::max(0, oneIn);
    if (oneIn == m_thresholdOneIn) return;
    m_thresholdOneIn = oneIn;
    if (!m_rows.empty())
        emit dataChanged(index(0), index(rowCount() - 1),
                         {BelowThresholdRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
}

bool CandidateListModel::belowThreshold(const CandidateRow& row) const {
    const std::optional<FmrEstimate>& fmr = row.candidate.fmr;
    // No calibration: nothing to compare, so nothing is claimed. A bound beyond the data
    // ("fewer than 1 in X") is never weaker than a threshold the data reaches.
    if (m_thresholdOneIn <= 0 || !fmr || fmr->beyondData) return false;
    return fmr->fmr * m_thresholdOneIn > 1.0;
}

bool CandidateListModel::isBelowThreshold(int row) const {
    return row >= 0 && row < rowCount() && belowThreshold(m_rows[std::size_t(row)]);
}

int CandidateListModel::belowThresholdCount() const {
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [this](const CandidateRow& r) { return belowThreshold(r); }));
}

void CandidateListModel::setThumbnailSize(const QSize& logicalSize, qreal devicePixelRatio) {
    if (logicalSize == m_thumbnailSize && qFuzzyCompare(devicePixelRatio, m_devicePixelRatio))
        return;
    m_thumbnailSize = logicalSize;
    m_devicePixelRatio = devicePixelRatio;
    m_placeholder = {};
    m_rowsByKey.clear();
    if (!m_rows.empty())
        emit dataChanged(index(0), index(rowCount() - 1),
                         {Qt::DecorationRole, ThumbnailErrorRole, ThumbnailLoadingRole});
}

int CandidateListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

Qt::ItemFlags CandidateListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> CandidateListModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{RankRole, "rank"},
                  {DistanceRole, "distance"},
                  {DistanceTextRole, "distanceText"},
                  {FmrRole, "fmr"},
                  {FmrUpperBoundRole, "fmrUpperBound"},
                  {FmrTextRole, "fmrText"},
                  {FmrShortTextRole, "fmrShortText"},
                  {ExpectedFalseRole, "expectedFalse"},
                  {ExpectedFalseTextRole, "expectedFalseText"},
                  {GallerySizeRole, "gallerySize"},
                  {SubjectRole, "subject"},
                  {SubjectNameRole, "subjectName"},
                  {SubjectExternalIdRole, "subjectExternalId"},
                  {VerdictRole, "verdict"},
                  {VerdictTextRole, "verdictText"},
                  {RecordedCandidateIdRole, "recordedCandidateId"},
                  {FaceIdRole, "faceId"},
                  {ImagePathRole, "imagePath"},
                  {ThumbnailErrorRole, "thumbnailError"},
                  {ThumbnailLoadingRole, "thumbnailLoading"},
                  {BelowThresholdRole, "belowThreshold"},
                  {ThumbnailNoteRole, "thumbnailNote"}});
    return names;
}

namespace {
QString subjectText(const CandidateProvenance& p) {
    if (!p.subjectName.isEmpty() && !p.subjectExternalId.isEmpty())
        return QStringLiteral("%1 (%2)").arg(p.subjectName, p.subjectExternalId);
    if (!p.subjectName.isEmpty()) return p.subjectName;
    if (!p.subjectExternalId.isEmpty()) return p.subjectExternalId;
    return CandidateListModel::tr("Unknown subject");
}
}  // namespace

QVariant CandidateListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const CandidateRow& row = m_rows[std::size_t(index.row())];
    const SearchCandidate& c = row.candidate;
    const CandidateProvenance& p = c.provenance;
    const bool upperBound = c.fmr && c.fmr->beyondData;
    switch (role) {
        case Qt::DisplayRole:
            return tr("#%1 %2").arg(c.rank).arg(subjectText(p));
        case Qt::DecorationRole:
            return thumbnail(index.row());
        case Qt::ToolTipRole:
        case Qt::AccessibleTextRole:
            return toolTip(row, thumbnailKey(row));
        case RankRole:
            return c.rank;
        case DistanceRole:
            return c.distance;
        case DistanceTextRole:
            return QString::number(c.distance, 'f', 3);
        case FmrRole:
            return c.fmr ? QVariant(c.fmr->fmr) : QVariant();
        case FmrUpperBoundRole:
            return upperBound;
        case FmrTextRole:
            return FmrWording::rate(c.fmr);
        case FmrShortTextRole:
            return FmrWording::shortRate(c.fmr);
        case ExpectedFalseRole:
            return c.expectedFalseCandidates >= 0 ? QVariant(c.expectedFalseCandidates)
                                                  : QVariant();
        case ExpectedFalseTextRole:
            return FmrWording::expected(c.expectedFalseCandidates, row.gallerySize, upperBound);
        case GallerySizeRole:
            return qulonglong(row.gallerySize);
        case SubjectRole:
            return subjectText(p);
        case SubjectNameRole:
            return p.subjectName;
        case SubjectExternalIdRole:
            return p.subjectExternalId;
        case VerdictRole:
            return int(row.verdict);
        case VerdictTextRole:
            return VerdictStyle::word(row.verdict);
        case RecordedCandidateIdRole:
            return row.recordedCandidateId ? QVariant(*row.recordedCandidateId) : QVariant();
        case FaceIdRole:
            return p.faceId;
        case ImagePathRole:
            return p.imagePath;
        case ThumbnailErrorRole:
            return m_loader->errorText(thumbnailKey(row));
        case ThumbnailNoteRole:
            return m_loader->noteText(thumbnailKey(row));
        case ThumbnailLoadingRole:
            return m_loader->isPending(thumbnailKey(row));
        case BelowThresholdRole:
            return belowThreshold(row);
        default:
            return {};
    }
}

ThumbnailLoader::Request CandidateListModel::thumbnailRequest(const CandidateRow& row) const {
    const CandidateProvenance& p = row.candidate.provenance;
    // Synthetic benchmark faces store 68 points at (0, 0): nothing to align by.
    const bool alignable = p.landmarks && p.landmarks->interEyeDistance() > 1;
    return {p.imagePath, p.imageSha256, p.box, alignable ? p.landmarks : std::nullopt, p.faceId,
            p.storedChip};
}

QString CandidateListModel::thumbnailKey(const CandidateRow& row) const {
    const QSize devicePixels(int(std::ceil(m_thumbnailSize.width() * m_devicePixelRatio)),
                             int(std::ceil(m_thumbnailSize.height() * m_devicePixelRatio)));
    return ThumbnailLoader::keyFor(thumbnailRequest(row), devicePixels);
}

QVariant CandidateListModel::thumbnail(int row) const {
    const CandidateRow& r = m_rows[std::size_t(row)];
    const QString key = thumbnailKey(r);
    if (const QPixmap cached = m_loader->pixmap(key); !cached.isNull()) return cached;
    // Not there yet: ask for it (once per key) and show the placeholder meanwhile.
    m_loader->request(thumbnailRequest(r), m_thumbnailSize, m_devicePixelRatio);
    if (!m_rowsByKey.contains(key, row)) m_rowsByKey.insert(key, row);
    return placeholder();
}

void CandidateListModel::onThumbnailReady(const QString& key) {
    const QList<int> rows = m_rowsByKey.values(key);
    m_rowsByKey.remove(key);
    for (const int row : rows) {
        if (row >= rowCount()) continue;
        const QModelIndex i = index(row);
        emit dataChanged(i, i,
                         {Qt::DecorationRole, Qt::ToolTipRole, Qt::AccessibleTextRole,
                          ThumbnailErrorRole, ThumbnailLoadingRole, ThumbnailNoteRole});
    }
}

const QPixmap& CandidateListModel::placeholder() const {
    if (!m_placeholder.isNull()) return m_placeholder;
    // A neutral head-and-shoulders outline: reads as "a face goes here", not as an error.
    const QSize device(int(std::ceil(m_thumbnailSize.width() * m_devicePixelRatio)),
                       int(std::ceil(m_thumbnailSize.height() * m_devicePixelRatio)));
    m_placeholder = QPixmap(device.expandedTo(QSize(8, 8)));
    m_placeholder.setDevicePixelRatio(m_devicePixelRatio);
    m_placeholder.fill(QColor(0xe8, 0xea, 0xed));
    QPainter painter(&m_placeholder);
    painter.setRenderHint(QPainter::Antialiasing);
    const QSizeF s = QSizeF(m_placeholder.size()) / m_devicePixelRatio;
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xc4, 0xc7, 0xc5));
    const double head = s.width() * 0.32;
    painter.drawEllipse(QPointF(s.width() / 2, s.height() * 0.40), head / 2, head * 0.62);
    QPainterPath shoulders;
    shoulders.addRoundedRect(
        QRectF(s.width() * 0.18, s.height() * 0.70, s.width() * 0.64, s.height() * 0.40),
        s.width() * 0.2, s.width() * 0.2);
    painter.drawPath(shoulders);
    return m_placeholder;
}

QString CandidateListModel::toolTip(const CandidateRow& row, const QString& key) const {
    const QString thumbnailError = m_loader->errorText(key);
    const SearchCandidate& c = row.candidate;
    const CandidateProvenance& p = c.provenance;
    QStringList lines;
    lines << tr("Rank %1 \u00B7 distance %2 (smaller is closer)")
                 .arg(c.rank)
                 .arg(QString::number(c.distance, 'f', 3));
    lines << FmrWording::rate(c.fmr);
    if (belowThreshold(row))
        lines << tr("Below the threshold shown (1 in %1): weaker than the analyst's setting; "
                    "listed all the same, because the list is never cut.")
                     .arg(FmrWording::grouped(m_thresholdOneIn));
    if (const QString expected = FmrWording::expected(c.expectedFalseCandidates, row.gallerySize,
                                                      c.fmr && c.fmr->beyondData);
        !expected.isEmpty())
        lines << expected;
    lines << tr("Subject: %1").arg(subjectText(p));
    lines << tr("Photo: %1 (face %2)").arg(QFileInfo(p.imagePath).fileName()).arg(p.faceIndex);
    lines << tr("Verdict: %1").arg(VerdictStyle::word(row.verdict));
    if (!thumbnailError.isEmpty()) lines << tr("Thumbnail unavailable: %1").arg(thumbnailError);
    if (const QString note = m_loader->noteText(key); !note.isEmpty()) lines << note;
    lines << tr("Enter compares side by side; 1 / 2 / 3 record a verdict.");
    return lines.join(QLatin1Char('\n'));
}

}  // namespace facecase::ui
