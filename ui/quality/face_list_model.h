#pragma once

#include <QAbstractTableModel>
#include <QIcon>
#include <array>
#include <vector>

#include "types/detected_face.h"

namespace facecase::ui {

// The faces found in one photo, one row each: number, overall quality (with a coloured dot) and
// the measures behind it. Tooltips carry the face's plain-language warnings. data() never
// computes anything heavy: everything was measured by the detection job.
class FaceListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        QualityColumn,
        EyeDistanceColumn,
        SharpnessColumn,
        YawColumn,
        RollColumn,
        BrightnessColumn,
        ColumnCount
    };
    enum Role {
        FaceNumberRole = Qt::UserRole + 1,  // int: the face's 1-based number in the photo
        QualityLevelRole,                   // int: FaceQuality::Level of the column's measure
        ManualRole,                         // bool: boxed by the analyst, not the detector
    };

    explicit FaceListModel(QObject* parent = nullptr);

    void setFaces(std::vector<DetectedFace> faces);
    // A face drawn by hand joins the list as a new last row (an insert, not a reset, so the
    // table keeps its scroll position).
    void appendFace(DetectedFace face);
    void clear();
    int faceCount() const { return int(m_faces.size()); }
    const DetectedFace& face(int row) const { return m_faces.at(std::size_t(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    QVariant displayText(const DetectedFace& face, int column) const;
    const QIcon& levelIcon(FaceQuality::Level level) const;

    std::vector<DetectedFace> m_faces;
    mutable std::array<QIcon, 3> m_icons;  // made on first use: pixmaps need the GUI
};

}  // namespace facecase::ui
