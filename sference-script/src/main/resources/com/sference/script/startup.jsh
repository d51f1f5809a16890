// Imports for the sference shell; bin/sference-shell loads this after JShell's DEFAULT startup.
// com.sference.model.Stream is imported by name so that it wins over java.util.stream.Stream.
import com.sference.*;
import com.sference.model.*;
import com.sference.model.Stream;
import java.time.Duration;
import static com.sference.script.Sference.*;
