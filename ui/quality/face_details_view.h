#pragma once

#include <QImage>
#include <QWidget>

#include "types/detected_face.h"

class QGridLayout;
class QLabel;

namespace facecase::ui {

// Everything measured about one face: the aligned 150x150 chip the descriptor network sees, each
// quality measure with its level in words, and the plain-language warnings.
class FaceDetailsView : public QWidget {
    Q_OBJECT

public:
    explicit FaceDetailsView(QWidget* parent = nullptr);

    void showFace(const DetectedFace& face, int faceCount, const QImage& chip);
    void clear();
    int faceNumber() const { return m_faceNumber; }  // 0 when no face is shown
    QString title() const;
    QString warningsText() const;

private:
    struct MeasureRow {
        QLabel* value = nullptr;
        QLabel* level = nullptr;
    };
    MeasureRow addRow(QGridLayout* grid, int row, const QString& name, const QString& help);
    static void setLevel(QLabel* label, FaceQuality::Level level);

    int m_faceNumber = 0;
    QLabel* m_title = nullptr;
    QLabel* m_chip = nullptr;
    MeasureRow m_overall;
    MeasureRow m_eyes;
    MeasureRow m_sharpness;
    MeasureRow m_pose;
    MeasureRow m_exposure;
    QLabel* m_score = nullptr;
    QLabel* m_position = nullptr;
    QLabel* m_warnings = nullptr;
    QWidget* m_body = nullptr;
};

}  // namespace facecase::ui
