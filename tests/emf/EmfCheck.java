// EmfCheck.java - loads nnc's output with the Eclipse Modeling Framework itself.
//
// Usage: java EmfCheck METAMODEL.ecore OUTDIR FILE.xmi...
// Loads the Ecore metamodel dynamically, validates it, then loads each XMI
// instance against it (dangling ids, unknown features and bad values are
// load errors), runs EMF's Diagnostician on every root, and saves the model
// again as EMF writes it into OUTDIR (so nnc can be checked on EMF's form).
// Prints one line per file and "N passed, M failed"; exits 1 on any failure.
import java.io.File;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;

public final class EmfCheck {
    private EmfCheck() {}

    /** Prints a diagnostic tree; returns true when it holds no error. */
    private static boolean report(String file, Diagnostic d) {
        boolean ok = d.getSeverity() < Diagnostic.ERROR;
        for (Diagnostic c : d.getChildren())
            if (c.getSeverity() >= Diagnostic.WARNING)
                System.out.println(file + ": " + (c.getSeverity() >= Diagnostic.ERROR ? "error" : "warning")
                        + ": " + c.getMessage());
        return ok;
    }

    /** Loads the metamodel, registers it, and validates it. */
    private static EPackage loadMetamodel(ResourceSet rs, String path) throws Exception {
        Resource r = rs.getResource(URI.createFileURI(new File(path).getAbsolutePath()), true);
        EPackage p = (EPackage) r.getContents().get(0);
        rs.getPackageRegistry().put(p.getNsURI(), p);
        if (!report(path, Diagnostician.INSTANCE.validate(p)))
            throw new IllegalStateException("the metamodel does not validate");
        return p;
    }

    /** Loads, validates and re-saves one instance; true when it is valid. */
    private static boolean check(ResourceSet rs, String path, File outdir) {
        try {
            Resource r = rs.getResource(URI.createFileURI(new File(path).getAbsolutePath()), true);
            boolean ok = r.getErrors().isEmpty() && !r.getContents().isEmpty();
            for (Resource.Diagnostic e : r.getErrors())
                System.out.println(path + ": load error: " + e.getMessage());
            for (EObject root : r.getContents())
                ok &= report(path, Diagnostician.INSTANCE.validate(root));
            Map<Object, Object> opts = new HashMap<>();
            opts.put(XMLResource.OPTION_ENCODING, "UTF-8");
            File out = new File(outdir, new File(path).getName());
            r.setURI(URI.createFileURI(out.getAbsolutePath()));
            r.save(opts);
            System.out.println((ok ? "ok " : "INVALID ") + path);
            return ok;
        } catch (Exception e) {
            System.out.println("FAIL " + path + ": " + e.getMessage());
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        ResourceSet rs = new ResourceSetImpl();
        Map<String, Object> ext = rs.getResourceFactoryRegistry().getExtensionToFactoryMap();
        ext.put("ecore", new EcoreResourceFactoryImpl());
        ext.put("*", new XMIResourceFactoryImpl());
        loadMetamodel(rs, args[0]);
        File outdir = new File(args[1]);
        int pass = 0, fail = 0;
        for (int i = 2; i < args.length; i++) {
            if (check(rs, args[i], outdir))
                pass++;
            else
                fail++;
        }
        System.out.println("EMF: " + pass + " passed, " + fail + " failed");
        System.exit(fail == 0 ? 0 : 1);
    }
}
