/**
 * The partial quicksort STL's robustness step uses to find the median absolute residual
 * (Singleton's algorithm, ACM 347, as `psort` in the Fortran R wraps).
 *
 * Why not simply sort: R calls it with the two middle positions in *descending* order
 * (n/2+1, then n/2 for even n), which the algorithm assumes ascending. It then leaves one or
 * both middle positions holding a near-middle residual in a few percent of cases, so R's
 * "6 × median" is sometimes 3 × (the sum of two residuals next to the median). Over fifteen
 * robustness iterations that moves the result by up to 1e-3 (nottem, s.window = 13), so
 * reproducing R means reproducing this routine step by step; a full sort does not.
 */

// Segment stacks (16 levels suffice for any n < 2^16·11; the Fortran has the same bound).
const il = new Int32Array(17);
const iu = new Int32Array(17);
const indl = new Int32Array(17);
const indu = new Int32Array(17);

/**
 * Partially sorts a[0..n) so that the 1-based positions in `ind` hold their order statistics —
 * when `ind` is ascending; other orders behave as the Fortran does.
 */
export function partialSort(a: Float64Array, n: number, ind: ArrayLike<number>): void {
  const ni = ind.length;
  if (n < 2 || ni === 0) return;
  // 1-based accessors keep the transcription checkable against the published algorithm.
  const at = (x: number) => a[x - 1];
  const set = (x: number, v: number) => {
    a[x - 1] = v;
  };
  let jl = 1;
  let ju = ni;
  indl[1] = 1;
  indu[1] = ni;
  let i = 1;
  let j = n;
  let m = 1;
  let k = 0;
  let l = 0;
  let t = 0;
  let state: 'outer' | 'pop' | 'while' | 'partition' | 'small' = 'outer';
  for (;;) {
    switch (state) {
      case 'outer':
        state = i < j ? 'partition' : 'pop';
        break;
      case 'pop':
        m--;
        if (m === 0) return;
        i = il[m];
        j = iu[m];
        jl = indl[m];
        ju = indu[m];
        state = jl <= ju ? 'while' : 'pop';
        break;
      case 'while':
        state = j - i > 10 ? 'partition' : 'small';
        break;
      case 'partition': {
        k = i;
        const ij = (i + j) >> 1;
        t = at(ij);
        if (at(i) > t) {
          set(ij, at(i));
          set(i, t);
          t = at(ij);
        }
        l = j;
        if (at(j) < t) {
          set(ij, at(j));
          set(j, t);
          t = at(ij);
          if (at(i) > t) {
            set(ij, at(i));
            set(i, t);
            t = at(ij);
          }
        }
        for (;;) {
          l--;
          if (at(l) <= t) {
            const tt = at(l);
            do k++;
            while (!(at(k) >= t));
            if (k > l) break;
            set(l, at(k));
            set(k, tt);
          }
        }
        indl[m] = jl;
        indu[m] = ju;
        const p = m;
        m++;
        state = 'while';
        if (l - i <= j - k) {
          il[p] = k;
          iu[p] = j;
          j = l;
          for (;;) {
            if (jl > ju) {
              state = 'pop';
              break;
            }
            if (ind[ju - 1] > j) ju--;
            else {
              indl[p] = ju + 1;
              break;
            }
          }
        } else {
          il[p] = i;
          iu[p] = l;
          i = k;
          for (;;) {
            if (jl > ju) {
              state = 'pop';
              break;
            }
            if (ind[jl - 1] < i) jl++;
            else {
              indu[p] = jl - 1;
              break;
            }
          }
        }
        break;
      }
      case 'small':
        // Insertion sort of a short segment; a(i−1) is a sentinel, so only when i > 1.
        if (i !== 1) {
          i--;
          for (;;) {
            i++;
            if (i === j) break;
            t = at(i + 1);
            if (at(i) > t) {
              k = i;
              do {
                set(k + 1, at(k));
                k--;
              } while (!(t >= at(k)));
              set(k + 1, t);
            }
          }
          state = 'pop';
        } else state = 'outer';
        break;
    }
  }
}
