#include "quality/face_list_model.h"

#include <cmath>

#include "quality/quality_style.h"
#include "vision/quality_assessor.h"

namespace facecase::ui {

namespace {
using Level = FaceQuality::Level;

// The level that colours a column: the measure's own level, the overall one for the first two.
Level columnLevel(const FaceQuality& q, int column) {
    switch (column) {
        case FaceListModel::EyeDistanceColumn:
            return q.eyeDistanceLevel;
        case FaceListModel::SharpnessColumn:
            return q.sharpnessLevel;
        case FaceListModel::YawColumn:
        case FaceListModel::RollColumn:
            return q.poseLevel;
        case FaceListModel::BrightnessColumn:
            return q.exposureLevel;
        default:
            return q.overall();
    }
}

QString signedDegrees(double degrees) {
    const long rounded = std::lround(degrees);
    // U+2212 minus and U+00B0 degree sign read better than '-' in a number column.
    if (rounded < 0) return QStringLiteral("\u2212%1\u00B0").arg(-rounded);
    if (rounded > 0) return QStringLiteral("+%1\u00B0").arg(rounded);
    return QStringLiteral("0\u00B0");
}
}  // namespace

FaceListModel::FaceListModel(QObject* parent) : QAbstractTableModel(parent) {}

void FaceListModel::setFaces(std::vector<DetectedFace> faces) {
    beginResetModel();
    m_faces = std::move(faces);
    endResetModel();
}

void FaceListModel::appendFace(DetectedFace face) {
    const int row = faceCount();
    beginInsertRows({}, row, row);
    m_faces.push_back(std::move(face));
    endInsertRows();
}

void FaceListModel::clear() {
    setFaces({});
}

int FaceListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : faceCount();
}

int FaceListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags FaceListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

const QIcon& FaceListModel::levelIcon(Level level) const {
    QIcon& icon = m_icons.at(std::size_t(level));
    if (icon.isNull()) icon = QualityStyle::icon(level);
    return icon;
}

QVariant FaceListModel::displayText(const DetectedFace& face, int column) const {
    const FaceQuality& q = face.quality;
    switch (column) {
        case NumberColumn:
            // Said in words: a hand-drawn box is the analyst's claim, not the detector's.
            if (face.box.manual) return tr("%1 \u00B7 hand").arg(face.index);
            return face.index;
        case QualityColumn:
            return QualityStyle::word(q.overall());
        case EyeDistanceColumn:
            return QString::number(q.eyeDistancePx, 'f', 0);
        case SharpnessColumn:
            return QString::number(q.sharpness, 'f', 0);
        case YawColumn:
            return signedDegrees(q.yawDegrees);
        case RollColumn:
            return signedDegrees(q.rollDegrees);
        case BrightnessColumn:
            return QString::number(q.brightness, 'f', 0);
        default:
            return {};
    }
}

QVariant FaceListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DetectedFace& f = face(index.row());
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return displayText(f, column);
        case Qt::ToolTipRole:
            if (f.box.manual && column == NumberColumn)
                return tr("Face %1 was drawn by hand: the detector did not find it, its "
                          "landmarks were fitted inside the box")
                    .arg(f.index);
            return QualityStyle::warningsText(f.quality);
        case Qt::DecorationRole:
            if (column == QualityColumn) return levelIcon(f.quality.overall());
            return {};
        case Qt::ForegroundRole: {
            const Level level = columnLevel(f.quality, column);
            if (column == NumberColumn || level == Level::Good) return {};
            return QualityStyle::textColor(level);
        }
        case Qt::TextAlignmentRole:
            if (column == NumberColumn) return int(Qt::AlignCenter);
            if (column == QualityColumn) return int(Qt::AlignLeft | Qt::AlignVCenter);
            return int(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::AccessibleTextRole:
            if (column == QualityColumn)
                return tr("Face %1, quality %2")
                    .arg(f.index)
                    .arg(QualityStyle::word(f.quality.overall()));
            return displayText(f, column).toString();
        case FaceNumberRole:
            return f.index;
        case ManualRole:
            return f.box.manual;
        case QualityLevelRole:
            return int(columnLevel(f.quality, column));
        default:
            return {};
    }
}

QVariant FaceListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
            case NumberColumn:
                return tr("#");
            case QualityColumn:
                return tr("Quality");
            case EyeDistanceColumn:
                return tr("Eyes px");
            case SharpnessColumn:
                return tr("Sharp");
            case YawColumn:
                return tr("Yaw");
            case RollColumn:
                return tr("Roll");
            case BrightnessColumn:
                return tr("Bright");
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        const QualityThresholds t;  // the engine's defaults: what the levels were judged against
        switch (section) {
            case NumberColumn:
                return tr("Face number, as labelled on the photo");
            case QualityColumn:
                return tr("Overall fitness for comparison: the worst of the measures");
            case EyeDistanceColumn:
                return tr("Distance between the eye centres in photo pixels "
                          "(%1 or more is good, under %2 is poor)")
                    .arg(t.eyeDistanceGood)
                    .arg(t.eyeDistancePoor);
            case SharpnessColumn:
                return tr("Sharpness: variance of the Laplacian on the aligned face "
                          "(%1 or more is good, under %2 is poor)")
                    .arg(t.sharpnessGood)
                    .arg(t.sharpnessPoor);
            case YawColumn:
                return tr("Head turn left/right in degrees, + = towards picture right "
                          "(within %1\u00B0 is good)")
                    .arg(t.yawGood);
            case RollColumn:
                return tr("Head tilt in degrees (within %1\u00B0 is good)").arg(t.rollGood);
            case BrightnessColumn:
                return tr("Mean grey level of the face, 0-255 (%1-%2 is good)")
                    .arg(t.brightnessLow)
                    .arg(t.brightnessHigh);
            default:
                return {};
        }
    }
    if (role == Qt::TextAlignmentRole) {
        if (section == NumberColumn) return int(Qt::AlignCenter);
        if (section == QualityColumn) return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

}  // namespace facecase::ui
