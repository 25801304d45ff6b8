// Imports for ksi in JShell (./ksi jshell loads this after JShell's defaults).
import ai.djl.Device;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import io.ksi.bridge.*;
import io.ksi.ensemble.*;
import io.ksi.ensemble.demo.*;
import io.ksi.ensemble.metrics.*;
import io.ksi.ensemble.plot.*;
import io.ksi.models.data.*;
import io.ksi.models.oracle.*;
import io.ksi.notebooks.*;
import java.nio.file.*;
import java.util.*;
import io.ksi.ensemble.scattering.*;
import io.ksi.ensemble.series.*;
import io.ksi.ensemble.field.*;
