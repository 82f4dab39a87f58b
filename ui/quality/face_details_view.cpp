#include "quality/face_details_view.h"

#include <QGridLayout>
#include <QLabel>
#include <QPixmap>
#include <QVBoxLayout>
#include <cmath>

#include "quality/quality_style.h"
#include "types/face_chip.h"

namespace facecase::ui {

namespace {
QString degrees(double value) {
    const long rounded = std::lround(value);
    return rounded < 0 ? QStringLiteral("\u2212%1\u00B0").arg(-rounded)
                       : QStringLiteral("%1\u00B0").arg(rounded);
}

QLabel* selectableLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
}  // namespace

FaceDetailsView::FaceDetailsView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("faceDetailsTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    m_body = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(m_body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(8);

    // Chip beside a short summary, then every measure on its own full-width row.
    auto* top = new QHBoxLayout;
    top->setSpacing(12);
    m_chip = new QLabel(m_body);
    m_chip->setObjectName(QStringLiteral("faceChip"));
    m_chip->setFixedSize(FaceChip::kSize + 2, FaceChip::kSize + 2);
    m_chip->setFrameShape(QFrame::Box);
    m_chip->setAlignment(Qt::AlignCenter);
    m_chip->setToolTip(
        tr("The aligned face (150 \u00D7 150): eyes and mouth moved to fixed "
           "positions. This is what the comparison sees."));
    m_chip->setAccessibleName(tr("Aligned face"));
    top->addWidget(m_chip, 0, Qt::AlignTop);

    auto* summary = new QGridLayout;
    summary->setHorizontalSpacing(10);
    summary->setVerticalSpacing(6);
    auto addSummary = [&](int row, const QString& name) {
        auto* nameLabel = new QLabel(name, m_body);
        nameLabel->setForegroundRole(QPalette::PlaceholderText);
        summary->addWidget(nameLabel, row, 0, Qt::AlignLeft | Qt::AlignTop);
        QLabel* value = selectableLabel(m_body);
        value->setWordWrap(true);
        summary->addWidget(value, row, 1, Qt::AlignLeft | Qt::AlignTop);
        return value;
    };
    m_overall.level = new QLabel(m_body);
    QFont big = m_overall.level->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_overall.level->setFont(big);
    summary->addWidget(m_overall.level, 0, 0, 1, 2);
    m_overall.value = selectableLabel(m_body);
    summary->addWidget(m_overall.value, 1, 0, 1, 2);
    m_score = addSummary(2, tr("Detector"));
    m_score->setToolTip(tr("How sure the face detector is (HOG score; higher is surer)"));
    m_position = addSummary(3, tr("Box"));
    m_position->setToolTip(tr("Position and size of the face box in photo pixels"));
    summary->setColumnStretch(1, 1);
    summary->setRowStretch(4, 1);
    top->addLayout(summary, 1);
    bodyLayout->addLayout(top);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(4);
    m_eyes = addRow(grid, 0, tr("Eye distance"),
                    tr("Pixels between the eye centres: how much facial detail the photo holds"));
    m_sharpness = addRow(grid, 1, tr("Sharpness"), tr("Focus and motion blur on the aligned face"));
    m_pose = addRow(grid, 2, tr("Pose"), tr("Yaw (turn) and roll (tilt) of the head"));
    m_exposure = addRow(grid, 3, tr("Exposure"), tr("Brightness and contrast of the face"));
    grid->setColumnStretch(1, 1);
    bodyLayout->addLayout(grid);

    m_warnings = selectableLabel(m_body);
    m_warnings->setObjectName(QStringLiteral("faceWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    bodyLayout->addWidget(m_warnings);
    layout->addWidget(m_body);
    layout->addStretch(1);
    clear();
}

FaceDetailsView::MeasureRow FaceDetailsView::addRow(QGridLayout* grid, int row, const QString& name,
                                                    const QString& help) {
    auto* nameLabel = new QLabel(name, m_body);
    nameLabel->setToolTip(help);
    nameLabel->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(nameLabel, row, 0);
    MeasureRow measure;
    measure.value = selectableLabel(m_body);
    measure.value->setToolTip(help);
    grid->addWidget(measure.value, row, 1);
    measure.level = new QLabel(m_body);
    QFont bold = measure.level->font();
    bold.setBold(true);
    measure.level->setFont(bold);
    measure.level->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    grid->addWidget(measure.level, row, 2);
    return measure;
}

void FaceDetailsView::setLevel(QLabel* label, FaceQuality::Level level) {
    label->setText(QualityStyle::word(level));
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, QualityStyle::textColor(level));
    label->setPalette(palette);
}

void FaceDetailsView::showFace(const DetectedFace& face, int faceCount, const QImage& chip) {
    const FaceQuality& q = face.quality;
    m_faceNumber = face.index;
    m_title->setText(tr("Face %1 of %2").arg(face.index).arg(faceCount));
    m_chip->setPixmap(chip.isNull() ? QPixmap() : QPixmap::fromImage(chip));
    if (chip.isNull()) m_chip->setText(tr("No aligned face"));

    const int warnings = int(q.warnings.size());
    m_overall.value->setText(warnings == 0   ? tr("No quality warnings")
                             : warnings == 1 ? tr("1 quality warning")
                                             : tr("%1 quality warnings").arg(warnings));
    setLevel(m_overall.level, q.overall());
    m_overall.level->setText(tr("Quality: %1").arg(QualityStyle::word(q.overall())));
    m_eyes.value->setText(tr("%1 px").arg(q.eyeDistancePx, 0, 'f', 0));
    setLevel(m_eyes.level, q.eyeDistanceLevel);
    m_sharpness.value->setText(QString::number(q.sharpness, 'f', 0));
    setLevel(m_sharpness.level, q.sharpnessLevel);
    m_pose.value->setText(tr("yaw %1, roll %2").arg(degrees(q.yawDegrees), degrees(q.rollDegrees)));
    setLevel(m_pose.level, q.poseLevel);
    m_exposure.value->setText(
        tr("brightness %1, contrast %2").arg(q.brightness, 0, 'f', 0).arg(q.contrast, 0, 'f', 0));
    setLevel(m_exposure.level, q.exposureLevel);

    m_score->setText(face.box.manual ? tr("drawn by hand")
                                     : QString::number(face.box.detectorScore, 'f', 2));
    const QRectF& r = face.box.rect;
    m_position->setText(tr("%3 \u00D7 %4 px\nat %1, %2")
                            .arg(r.x(), 0, 'f', 0)
                            .arg(r.y(), 0, 'f', 0)
                            .arg(r.width(), 0, 'f', 0)
                            .arg(r.height(), 0, 'f', 0));

    if (q.warnings.isEmpty()) {
        m_warnings->setText(tr("No quality warnings."));
    } else {
        QStringList lines;
        for (const QString& warning : q.warnings) lines << QStringLiteral("\u2022 ") + warning;
        m_warnings->setText(lines.join(QLatin1Char('\n')));
    }
    QPalette palette = m_warnings->palette();
    palette.setColor(QPalette::WindowText, QualityStyle::textColor(q.overall()));
    m_warnings->setPalette(palette);
    m_body->show();
}

void FaceDetailsView::clear() {
    m_faceNumber = 0;
    m_title->setText(tr("No face selected"));
    m_chip->clear();
    m_body->hide();
}

QString FaceDetailsView::title() const {
    return m_title->text();
}

QString FaceDetailsView::warningsText() const {
    return m_warnings->text();
}

}  // namespace facecase::ui
