#pragma once

#include <QAbstractListModel>
#include <QMultiHash>
#include <QPixmap>
#include <QSize>
#include <vector>

#include "candidates/candidate_row.h"
#include "candidates/thumbnail_loader.h"

namespace facecase::ui {

// The ranked candidates of one search, one row each, in rank order. data() never blocks: the
// face thumbnail (DecorationRole) comes from the ThumbnailLoader's cache, or is a placeholder
// while the loader works, followed by dataChanged() when it is ready. Rows are replaced as a
// whole (setCandidates) or have their verdict / record id updated in place. GUI thread only.
class CandidateListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        RankRole = Qt::UserRole + 1,  // int, 1 = nearest
        DistanceRole,                 // double
        DistanceTextRole,             // "0.412"
        FmrRole,                      // double, or invalid without a calibration
        FmrUpperBoundRole,            // bool: the rate is "fewer than"
        FmrTextRole,                  // "1 in 40,000 different people score this close"
        FmrShortTextRole,             // "1 in 40,000"
        ExpectedFalseRole,            // double, or invalid without a calibration
        ExpectedFalseTextRole,        // "In a gallery of 300,000 expect ~7.5 false candidates…"
        GallerySizeRole,              // qulonglong N
        SubjectRole,                  // "Sheldon Cooper (B-31)", or the best there is
        SubjectNameRole,
        SubjectExternalIdRole,
        VerdictRole,  // CandidateVerdict as int
        VerdictTextRole,
        RecordedCandidateIdRole,  // qint64, or invalid before the search is recorded
        FaceIdRole,               // qint64 gallery face id
        ImagePathRole,
        ThumbnailErrorRole,    // why there is no thumbnail; empty if there is one
        ThumbnailLoadingRole,  // bool: the placeholder stands in for one on its way
        BelowThresholdRole,    // bool: calibrated rate weaker than the threshold shown
        ThumbnailNoteRole,     // the thumbnail is the chip stored at enrollment, and why
    };
    Q_ENUM(Role)

    // `loader` is not owned and may serve several models; it must outlive this model.
    explicit CandidateListModel(ThumbnailLoader* loader, QObject* parent = nullptr);
    ~CandidateListModel() override;

    // Every candidate of a search outcome, with N and no verdicts yet.
    static std::vector<CandidateRow> rowsFrom(const GallerySearchOutcome& outcome);

    void setCandidates(std::vector<CandidateRow> rows);
    void clear() { setCandidates({}); }
    const std::vector<CandidateRow>& candidates() const { return m_rows; }
    const CandidateRow& candidate(int row) const { return m_rows.at(std::size_t(row)); }
    void setVerdict(int row, CandidateVerdict verdict);
    // The row's current verdict as on record: `verdict` and its annotation id (None and 0:
    // none yet). Only a change emits dataChanged, so selection and scrolling stay.
    void setRecordedVerdict(int row, CandidateVerdict verdict, qint64 verdictId);
    void setRecordedCandidateId(int row, qint64 id);

    // The threshold shown (AppSettings::thresholdOneIn): a candidate whose calibrated
    // false-match rate is above 1 in `oneIn` is marked as below the threshold. Marked, never
    // hidden: in investigation mode the list is always k long. 0 marks nothing.
    void setThresholdOneIn(int oneIn);
    int thresholdOneIn() const { return m_thresholdOneIn; }
    bool isBelowThreshold(int row) const;
    int belowThresholdCount() const;

    // The box thumbnails are made for, in logical pixels, and the screen's device pixel ratio.
    void setThumbnailSize(const QSize& logicalSize, qreal devicePixelRatio);
    QSize thumbnailSize() const { return m_thumbnailSize; }
    qreal thumbnailDevicePixelRatio() const { return m_devicePixelRatio; }
    ThumbnailLoader* thumbnailLoader() const { return m_loader; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    ThumbnailLoader::Request thumbnailRequest(const CandidateRow& row) const;
    QString thumbnailKey(const CandidateRow& row) const;
    QVariant thumbnail(int row) const;
    QString toolTip(const CandidateRow& row, const QString& key) const;
    const QPixmap& placeholder() const;
    void onThumbnailReady(const QString& key);

    bool belowThreshold(const CandidateRow& row) const;

    ThumbnailLoader* m_loader = nullptr;
    std::vector<CandidateRow> m_rows;
    int m_thresholdOneIn = 0;
    QSize m_thumbnailSize{160, 160};
    qreal m_devicePixelRatio = 1.0;
    // Which rows asked for which thumbnail, so a finished one repaints exactly those rows.
    mutable QMultiHash<QString, int> m_rowsByKey;
    mutable QPixmap m_placeholder;
};

}  // namespace facecase::ui
