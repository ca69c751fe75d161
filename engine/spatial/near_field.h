#pragma once
/// The near field of a head: how the sound at each ear changes, beyond the inverse-distance law,
/// as a source comes closer than the HRTF set's measurement distance. Modelled by the rigid
/// sphere (Duda & Martens 1998, "Range dependence of the response of a spherical head model",
/// JASA 104(5)): the analytic solution for a point source at range r from a sphere of radius a,
/// observed at a point on its surface (an ear) at angle theta from the source direction.

#include "spatial/direction.h"

#include <complex>
#include <vector>

namespace stagelab {

/// Head radius of the rigid-sphere model (Algazi et al. 2001's mean fit to listeners: 8.75 cm).
inline constexpr double nearFieldHeadRadiusM = 0.0875;

/// Duda & Martens' H(rho, mu, theta): the pressure on the sphere at angle `incidenceDeg` from
/// the source, for a point source at `rangeM` (> radius) from the centre, relative to the
/// free-field pressure the source makes at the centre. The series is summed until its terms
/// fall below 1e-12 of the sum (at most 2,000 terms). Magnitude is all callers use.
std::complex<double> sphereResponse(double rangeM, double incidenceDeg, double frequencyHz,
                                    double radiusM = nearFieldHeadRadiusM);

/// The distance variation function in dB: |H(range)| / |H(reference)| at one ear - the change
/// of that ear's response when a source at `referenceM` moves to `rangeM` along the same
/// direction, with the inverse-distance law taken out (it is applied on its own).
double distanceVariationDb(double rangeM, double referenceM, double incidenceDeg,
                           double frequencyHz, double radiusM = nearFieldHeadRadiusM);

/// Angle in degrees between a direction and ear 0 (left, at azimuth +90 deg) or 1 (right).
double earIncidenceDeg(const Direction& direction, int ear);

/// The distance variation function of one ear as a minimum-phase FIR (`taps` long, at
/// `sampleRateHz`), from the series on a sixth-octave grid. Off the audio thread.
std::vector<float> distanceVariationFir(double rangeM, double referenceM, double incidenceDeg,
                                        double sampleRateHz, int taps);

} // namespace stagelab
